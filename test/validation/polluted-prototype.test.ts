/**
 * Issue 9, own properties only: with `Object.prototype` polluted with a bad value under every option
 * and setting name, every entry point still reads only what the caller gave (the defaults for the
 * rest) and refuses nothing. Each pollution is set and deleted around synchronous code only, so
 * nothing else of the test run sees it.
 */
import { describe, expect, it } from 'vitest';
import { container } from 'tsyringe';

import { Scheduled, Scheduler, bootstrap, type App } from '../../src/index.js';
import { RedisCoordinator } from '../../src/redis.js';
import { OPTION_NAMES } from '../../src/options/rules.js';
import { resolveWorkerSettings } from '../../src/runners/worker-settings.js';
import { RecordingLogger } from '../scheduler/helpers.js';
import { fakeRedisClient } from '../helpers/redis-clients.js';

/** A bad value for every name an entry point reads (task options, settings at every level). */
const POLLUTION: Readonly<Record<string, unknown>> = {
  ...Object.fromEntries(OPTION_NAMES.map((name) => [name, -1])),
  enabled: false,
  timeout: -1,
  runs: 0,
  overlap: 'queue',
  interval: -5,
  key: '',
  cron: 'nonsense',
  runType: 'THREAD',
  args: 'x',
  module: 5,
  export: 5,
  // new Scheduler() and bootstrap()
  clock: {},
  app: 'polluted',
  workers: 'x',
  coordinator: {},
  logger: 5,
  runnerFactories: { ASYNC: 5 },
  container: {},
  overrides: 5,
  handleSignals: 'yes',
  // workers, at every level
  entry: 5,
  threads: 'abc',
  processes: [],
  min: -1,
  max: 0,
  resourceLimits: 'x',
  maxOldGenerationSizeMb: 1,
  maxYoungGenerationSizeMb: -1,
  codeRangeSizeMb: -1,
  stackSizeMb: 0.1,
  idleTimeout: -1,
  abortGrace: -1,
  // close() and stop()
  abort: 'yes',
  // new RedisCoordinator()
  client: 5,
  prefix: 5,
  commandTimeout: Number.NaN,
  maxClockSkew: -1,
};

/** Runs `action` with `Object.prototype` polluted, and always cleans it up. */
function polluted<T>(action: () => T): T {
  for (const [name, value] of Object.entries(POLLUTION)) {
    Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true });
  }
  try {
    return action();
  } finally {
    for (const name of Object.keys(POLLUTION)) Reflect.deleteProperty(Object.prototype, name);
  }
}

const noop = (): void => {};

describe('a polluted Object.prototype', () => {
  it('is really polluted inside the helper, and clean after', () => {
    const read = (object: object): unknown => (object as { runs?: unknown }).runs;
    expect(polluted(() => read({}))).toBe(0);
    expect(read({})).toBeUndefined();
  });

  it('is not read as task options by add, nor by edits', async () => {
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    try {
      const task = polluted(() => {
        const added = scheduler.add(noop, { key: 'k', interval: 1_000 });
        scheduler.stop('k', {});
        added.interval = 2_000;
        scheduler.restart('k');
        return added;
      });
      expect(task.toJSON()).toMatchObject({ key: 'k', status: 'active', runType: 'ASYNC', interval: 2_000 });
      expect(task.runs).toBeUndefined();
      expect(task.timeout).toBeUndefined();
      expect(task.overlap).toBe('skip');
      expect(task.enabled).toBe(true);
      expect(task.autoRemove).toBe(false);
      expect(task.args).toEqual([]);
      expect(task.firstRun).toBeUndefined();
      expect(task.cron).toBeUndefined();
    } finally {
      await scheduler.close({ timeout: 0 });
    }
  });

  it('is not read by asyncAdd, close or a module reference', async () => {
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    const [added, closed] = polluted(() => {
      const task = scheduler.add(
        { module: 'file:///srv/app/job.js' },
        {
          key: 'm',
          runType: 'PROCESS',
          enabled: false,
        },
      );
      expect(task.enabled).toBe(false);
      return [scheduler.asyncAdd(noop, { key: 'a', interval: 1_000 }), scheduler.close({})] as const;
    });
    expect((await added).toJSON()).toMatchObject({ key: 'a', interval: 1_000, runType: 'ASYNC' });
    await closed;
    expect(scheduler.tasks.get('a')?.status).toBe('stopped');
  });

  it('is not read as settings by new Scheduler(), nor as worker settings', async () => {
    const scheduler = polluted(() => new Scheduler({}));
    await scheduler.close();
    const workers = polluted(() => resolveWorkerSettings({ threads: {}, processes: { max: 2 } }));
    expect(workers).toEqual(resolveWorkerSettings({ processes: { max: 2 } }));
    expect(workers.threads.resourceLimits).toBeUndefined();
  });

  it('is not read by @Scheduled, by overrides nor by bootstrap', async () => {
    const child = container.createChildContainer();
    const started = polluted((): Promise<App> => {
      class Reports {
        @Scheduled({ interval: '5s' })
        refresh(): void {}
      }
      child.registerSingleton(Reports);
      return bootstrap({ container: child, overrides: { 'Reports.refresh': {} }, logger: silentLogger() });
    });
    const app = await started;
    try {
      const task = app.scheduler.tasks.get('Reports.refresh');
      expect(task?.interval).toBe(5_000);
      expect(task?.isActive).toBe(true);
      expect(task?.runs).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('is not read as options by new RedisCoordinator()', async () => {
    const coordinator = polluted(() => new RedisCoordinator({ client: fakeRedisClient() }));
    expect(coordinator.channel).toBe('crontainer:commands');
    await coordinator.close();
  });
});

function silentLogger(): { info: () => void; warn: () => void; error: () => void } {
  return { info: noop, warn: noop, error: noop };
}
