/**
 * The errors of the runners (issue 9): typed, keyed `SchedulerError`s instead of `TypeError`s, and
 * worker failures outside a run reported through `workerError` (or the logger), never thrown.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';

import * as api from '../../src/index.js';
import {
  Scheduler,
  SchedulerError,
  TaskTargetError,
  UncrossableValueError,
  WorkerBuildMissingError,
  WorkerError,
  WorkerStartError,
  type WorkerRunType,
} from '../../src/index.js';
import { AsyncRunner } from '../../src/runners/async-runner.js';
import { PoolRunner } from '../../src/runners/pool-runner.js';
import type { Runner, RunRequest } from '../../src/runners/runner.js';
import type { WorkerErrorReport } from '../../src/runners/pool-runner.js';
import { FakeClock, RecordingLogger } from '../scheduler/helpers.js';

function request(target: RunRequest['target'], key = 'job'): RunRequest {
  return {
    target,
    context: {
      app: undefined,
      key,
      runNumber: 1,
      scheduledAt: new Date(0),
      signal: new AbortController().signal,
    },
    args: [],
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const KEYED: readonly (readonly [string, () => SchedulerError])[] = [
  ['TaskTargetError', () => new TaskTargetError('job', 'THREAD', 'has no function export "x"')],
  ['UncrossableValueError', () => new UncrossableValueError('job', 'PROCESS', 'return value', 'no clone')],
  ['WorkerStartError', () => new WorkerStartError('job', 'THREAD', 'no build')],
];

describe('worker error classes', () => {
  it.each(KEYED)('%s is a SchedulerError naming the task', (name, make) => {
    const error = make();
    expect(error).toBeInstanceOf(SchedulerError);
    expect(error.name).toBe(name);
    expect(error.key).toBe('job');
    expect(error.message).toContain('"job"');
    expect(api).toHaveProperty(name);
  });

  it('WorkerError and WorkerBuildMissingError have no key: no task is concerned', () => {
    const failure = new WorkerError('PROCESS', 'child process 7 was killed by SIGKILL');
    expect(failure).toBeInstanceOf(SchedulerError);
    expect(failure).toMatchObject({ name: 'WorkerError', runType: 'PROCESS', key: undefined });
    expect(failure.message).toContain('SIGKILL');
    const missing = new WorkerBuildMissingError('/x/dist/runners/worker.js');
    expect(missing).toMatchObject({ name: 'WorkerBuildMissingError', path: '/x/dist/runners/worker.js' });
    expect(api).toHaveProperty('WorkerError');
    expect(api).toHaveProperty('WorkerBuildMissingError');
  });

  it('types the workerError event', () => {
    const scheduler = new Scheduler();
    scheduler.on('workerError', (error, worker) => {
      expectTypeOf(error).toEqualTypeOf<WorkerError>();
      expectTypeOf(worker.runType).toEqualTypeOf<WorkerRunType>();
    });
    expectTypeOf<WorkerError['runType']>().toEqualTypeOf<'THREAD' | 'PROCESS'>();
    return scheduler.close();
  });
});

describe('runners refuse what they cannot run with a TaskTargetError', () => {
  it('a pool runner given a closure', async () => {
    const runner = new PoolRunner({
      runType: 'PROCESS',
      createPool: () => {
        throw new Error('never started');
      },
      entry: undefined,
      capacity: 1,
      abortGrace: 100,
    });
    const error = await rejection(runner.run(request({ kind: 'function', fn: () => 1 })));
    expect(error).toBeInstanceOf(TaskTargetError);
    expect(error).toMatchObject({ key: 'job', option: 'fn', runType: 'PROCESS' });
  });

  it('the ASYNC runner given a module', async () => {
    const error = await rejection(
      new AsyncRunner().run(request({ kind: 'module', url: 'file:///x.mjs', exportName: 'run' })),
    );
    expect(error).toBeInstanceOf(TaskTargetError);
    expect(error).toMatchObject({ key: 'job', option: 'fn', runType: 'ASYNC' });
  });

  it('a pool that cannot start fails the run with WorkerStartError, the cause kept', async () => {
    const cause = new WorkerBuildMissingError('/nowhere/worker.js');
    const runner = new PoolRunner({
      runType: 'THREAD',
      createPool: () => {
        throw cause;
      },
      entry: undefined,
      capacity: 1,
      abortGrace: 100,
    });
    const error = await rejection(
      runner.run(request({ kind: 'module', url: 'file:///x.mjs', exportName: 'run' })),
    );
    expect(error).toBeInstanceOf(WorkerStartError);
    expect(error).toMatchObject({ key: 'job', runType: 'THREAD', cause });
    expect((error as Error).message).toContain('/nowhere/worker.js');
  });
});

describe('workerError', () => {
  /** A scheduler whose THREAD runner is a stub; `fail` makes its pool report a worker failure. */
  async function withReportingRunner(
    logger: RecordingLogger,
  ): Promise<{ scheduler: Scheduler; fail: (error: WorkerError) => void }> {
    let report: WorkerErrorReport | undefined;
    const runner: Runner = { run: () => Promise.resolve('ran'), close: () => Promise.resolve() };
    const clock = new FakeClock();
    const scheduler = new Scheduler({
      clock,
      logger,
      runnerFactories: {
        THREAD: (_settings, reportWorkerError) => {
          report = reportWorkerError;
          return runner;
        },
      },
    });
    // The runner is made for the first THREAD run.
    scheduler.add({ module: 'file:///job.mjs' }, { key: 'job', runType: 'THREAD' });
    await clock.advance(1);
    return {
      scheduler,
      fail: (error) => {
        if (report === undefined) throw new Error('the THREAD runner was not made');
        report(error);
      },
    };
  }

  it('is emitted with the run type, and not logged, when somebody listens', async () => {
    const logger = new RecordingLogger();
    const { scheduler, fail } = await withReportingRunner(logger);
    const heard: [WorkerError, { runType: WorkerRunType }][] = [];
    scheduler.on('workerError', (error, worker) => heard.push([error, worker]));
    const failure = new WorkerError('THREAD', 'a thread called process.exit(0)');
    fail(failure);
    expect(heard).toEqual([[failure, { runType: 'THREAD' }]]);
    expect(logger.errors).toEqual([]);
    await scheduler.close();
  });

  it('goes to the logger when nobody listens', async () => {
    const logger = new RecordingLogger();
    const { scheduler, fail } = await withReportingRunner(logger);
    const failure = new WorkerError('THREAD', 'a thread called process.exit(0)');
    fail(failure);
    expect(logger.errors).toEqual([
      { message: expect.stringContaining('process.exit(0)') as unknown, meta: [failure] },
    ]);
    await scheduler.close();
  });
});
