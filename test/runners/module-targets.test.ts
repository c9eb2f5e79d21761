import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Scheduler, TaskTargetError, UncrossableValueError } from '../../src/index.js';
import { JOBS, errorOf, nextOutcome, requireBuild, valueOf } from './helpers.js';

beforeAll(requireBuild);

describe.each(['THREAD', 'PROCESS'] as const)('%s runs of module exports', (runType) => {
  let scheduler: Scheduler;
  afterEach(async () => {
    await scheduler.close();
  });

  it('passes args and ctx data across and returns the result as a structured clone', async () => {
    scheduler = new Scheduler({ workers: { threads: { max: 1 }, processes: { max: 1 } } });
    const firstRun = new Date(Date.now() + 50);
    const sent = [7, new Date(1_000), new Map([['a', [1, 2]]]), { nested: new Set(['x']) }];
    const done = nextOutcome(scheduler, 'echo');
    scheduler.add({ module: JOBS, export: 'echo' }, { key: 'echo', runType, args: sent, firstRun });
    const value = valueOf(await done) as Record<string, unknown>;

    expect(value.args).toEqual(sent);
    expect((value.args as unknown[])[1]).toBeInstanceOf(Date);
    expect((value.args as unknown[])[2]).toBeInstanceOf(Map);
    expect(value).toMatchObject({ key: 'echo', runNumber: 1, app: undefined, hasSignal: true });
    expect(value.scheduledAtIsDate).toBe(true);
    expect(value.scheduledAt).toEqual(firstRun);
    if (runType === 'THREAD') {
      expect(value).toMatchObject({ pid: process.pid, isMainThread: false });
    } else {
      expect(value.pid).not.toBe(process.pid);
    }
  });

  it('uses the default export when none is named', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'hello');
    scheduler.add({ module: JOBS.href }, { key: 'hello', runType });
    expect(valueOf(await done)).toBe('hello');
  });

  it('brings a thrown error back with its name, message, stack, fields and cause', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'fail');
    const task = scheduler.add({ module: JOBS, export: 'fail' }, { key: 'fail', runType });
    const error = errorOf(await done) as Error & { code?: string; cause?: Error };

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QuotaError');
    expect(error.message).toBe('quota exceeded');
    expect(error.code).toBe('E_QUOTA');
    expect(error.stack).toContain('fixtures/jobs.mjs');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause?.name).toBe('RangeError');
    expect(error.cause?.message).toBe('limit 3');
    expect(task.lastError).toBe(error);
    expect(task.errorCount).toBe(1);
  });

  it('fails the run, not the worker, when the result cannot be cloned', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'unclonable');
    scheduler.add({ module: JOBS, export: 'unclonable' }, { key: 'unclonable', runType });
    const error = errorOf(await done);
    expect(error).toBeInstanceOf(UncrossableValueError);
    expect((error as UncrossableValueError).key).toBe('unclonable');
    expect((error as UncrossableValueError).what).toBe('return value');

    const again = nextOutcome(scheduler, 'after');
    scheduler.add({ module: JOBS }, { key: 'after', runType });
    expect(valueOf(await again)).toBe('hello');
  });

  it('reports a missing export as the run’s error', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'missing');
    scheduler.add({ module: JOBS, export: 'nope' }, { key: 'missing', runType });
    const error = errorOf(await done);
    expect(error).toBeInstanceOf(TaskTargetError);
    expect((error as TaskTargetError).key).toBe('missing');
    expect((error as TaskTargetError).option).toBe('fn');
    expect((error as TaskTargetError).message).toContain('"nope"');
  });

  it('keeps runCount, lastRunAt and lastRunDuration in the parent', async () => {
    scheduler = new Scheduler();
    const task = scheduler.add(
      { module: JOBS, export: 'spin' },
      { key: 'spin', runType, runs: 2, interval: 100, args: [30] },
    );
    const before = Date.now();
    await nextOutcome(scheduler, 'spin');
    await nextOutcome(scheduler, 'spin');
    expect(task.runCount).toBe(2);
    expect(task.lastRunAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(task.lastRunDuration).toBeGreaterThanOrEqual(25);
  });

  it('gives the worker the parent’s environment', async () => {
    process.env.CRONTAINER_TEST_ENV = 'inherited';
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'env');
    scheduler.add({ module: JOBS, export: 'readEnv' }, { key: 'env', runType });
    expect(valueOf(await done)).toBe('inherited');
  });
});
