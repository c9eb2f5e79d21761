import { container } from 'tsyringe';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Scheduler, bootstrap } from '../../src/index.js';
import { ENTRY, SERVICES, errorOf, nextOutcome, requireBuild, valueOf } from './helpers.js';

interface Counter {
  count: number;
  tick(...args: unknown[]): unknown;
  fail(...args: unknown[]): unknown;
}
interface Greeter {
  greet(...args: unknown[]): unknown;
}
interface Fixtures {
  CounterService: (new () => Counter) & { prototype: Counter };
  GreeterService: (new (greeting: string) => Greeter) & { prototype: Greeter };
}

let fixtures: Fixtures;
beforeAll(async () => {
  requireBuild();
  fixtures = (await import(SERVICES.href)) as Fixtures;
});

describe.each(['THREAD', 'PROCESS'] as const)('%s runs of decorated methods', (runType) => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
  });

  it('rebuilds the service once per worker and reuses it; the parent’s instance is untouched', async () => {
    scheduler = new Scheduler({ workers: { threads: { max: 1 }, processes: { max: 1 } } });
    const parentInstance = container.resolve(fixtures.CounterService);
    const values: { count: number; pid: number; threadId: number }[] = [];
    scheduler.on('taskSuccess', (_task, end) => {
      values.push(end.value as (typeof values)[number]);
    });
    const errors: unknown[] = [];
    scheduler.on('taskError', (_task, error) => errors.push(error));
    const done = new Promise<void>((resolve) => {
      scheduler?.on('taskComplete', () => {
        resolve();
      });
    });

    scheduler.add(fixtures.CounterService.prototype.tick, {
      key: 'counter',
      runType,
      interval: 150,
      runs: 3,
      args: [2],
    });
    await done;

    expect(errors).toEqual([]);
    expect(values.map((value) => value.count)).toEqual([2, 4, 6]);
    expect(new Set(values.map((value) => `${value.pid}/${value.threadId}`)).size).toBe(1);
    const where = values[0]!;
    if (runType === 'THREAD') expect(where.threadId).not.toBe(0);
    else expect(where.pid).not.toBe(process.pid);
    expect(parentInstance.count).toBe(0);
  });

  it('brings the method’s error back', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'refuse');
    scheduler.add(fixtures.CounterService.prototype.fail, { key: 'refuse', runType });
    const error = errorOf(await done) as Error;
    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('counter refused');
    expect(error.stack).toContain('fixtures/services.mjs');
  });

  it('imports workers.entry first, so providers only it registers resolve', async () => {
    scheduler = new Scheduler({ workers: { entry: ENTRY } });
    const done = nextOutcome(scheduler, 'greet');
    scheduler.add(fixtures.GreeterService.prototype.greet, { key: 'greet', runType, args: ['tests'] });
    expect(valueOf(await done)).toBe('hello from the entry, tests');
  });

  it('without an entry, resolves from the class’s module alone (a missing provider is the run’s error)', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'greet');
    scheduler.add(fixtures.GreeterService.prototype.greet, { key: 'greet', runType, args: ['tests'] });
    const error = errorOf(await done) as Error;
    expect(error.message).toContain('greeting');
  });
});

describe('bootstrap with worker methods', () => {
  it('registers a PROCESS method that runs against the worker’s own container', async () => {
    const scope = container.createChildContainer();
    scope.register('greeting', { useValue: 'hello from the parent' });
    scope.register(fixtures.GreeterService, { useClass: fixtures.GreeterService });
    const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
    const app = await bootstrap({ container: scope, workers: { entry: ENTRY }, logger: silent });
    try {
      const value = valueOf(await nextOutcome(app.scheduler, 'greeter'));
      // The parent's instance would say "hello from the parent": the worker built its own.
      expect(value).toBe('hello from the entry, worker');
      expect(app.scheduler.tasks.get('greeter')?.runType).toBe('PROCESS');
    } finally {
      await app.close();
    }
  });
});
