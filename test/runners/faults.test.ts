import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { Scheduler, TaskStoppedError, TaskTimeoutError, WorkerCrashedError } from '../../src/index.js';
import { Runners } from '../../src/runners/runners.js';
import { JOBS, errorOf, nextOutcome, requireBuild, valueOf } from './helpers.js';

beforeAll(requireBuild);

describe.each(['THREAD', 'PROCESS'] as const)('%s faults', (runType) => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
  });

  it('terminates and replaces a worker that ignores its timeout; the next run works', async () => {
    // One worker only: the second run can succeed only if the spinning one was replaced.
    scheduler = new Scheduler({ workers: { threads: { max: 1 }, processes: { max: 1 }, abortGrace: 200 } });
    const first = nextOutcome(scheduler, 'spinner');
    const task = scheduler.add(
      { module: JOBS, export: 'spinFirst' },
      { key: 'spinner', runType, interval: 1_500, timeout: 1_000, runs: 2 },
    );
    const error = errorOf(await first);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect((error as TaskTimeoutError).key).toBe('spinner');

    const second = valueOf(await nextOutcome(scheduler, 'spinner'));
    expect(second).toMatchObject({ runNumber: 2 });
    expect(task.runCount).toBe(2);
    expect(task.errorCount).toBe(1);
  });

  it('stop(key, { abort: true }) fails the run at once and ends a worker that ignores it', async () => {
    // One worker only: the follow-up run can succeed only if the spinning worker was ended.
    scheduler = new Scheduler({ workers: { threads: { max: 1 }, processes: { max: 1 }, abortGrace: 200 } });
    const outcome = nextOutcome(scheduler, 'spinner');
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    scheduler.on('taskStart', (task) => {
      if (task.key === 'spinner') started();
    });
    const task = scheduler.add(
      { module: JOBS, export: 'spin' },
      { key: 'spinner', runType, interval: 60_000 },
    );
    await running;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the worker is busy spinning by now
    expect(scheduler.stop('spinner', { abort: true })).toBe(true);
    expect(errorOf(await outcome)).toBeInstanceOf(TaskStoppedError);
    expect(task.isRunning).toBe(false);
    expect(task.isActive).toBe(false);

    const after = nextOutcome(scheduler, 'after');
    scheduler.add({ module: JOBS }, { key: 'after', runType });
    expect(valueOf(await after)).toBeDefined();
  });

  it('aborts ctx.signal in the worker with the parent’s reason', async () => {
    const runners = new Runners(undefined);
    const controller = new AbortController();
    const run = runners.get(runType).run({
      target: { kind: 'module', url: JOBS.href, exportName: 'awaitAbort' },
      context: {
        app: undefined,
        key: 'patient',
        runNumber: 1,
        scheduledAt: new Date(),
        signal: controller.signal,
      },
      args: [],
    });
    setTimeout(() => {
      controller.abort(new TaskTimeoutError('patient', 1));
    }, 600);
    try {
      // The task ended by itself within the grace period: its own result comes back.
      await expect(run).resolves.toEqual({ aborted: true, reason: 'TaskTimeoutError' });
    } finally {
      await runners.close();
    }
  });

  it('fails a run whose worker exits with WorkerCrashedError; the task keeps its timetable', async () => {
    scheduler = new Scheduler({ workers: { threads: { max: 1 }, processes: { max: 1 } } });
    const crashed = nextOutcome(scheduler, 'crashy');
    const bystander = nextOutcome(scheduler, 'bystander');
    const task = scheduler.add(
      { module: JOBS, export: 'crashOnOdd' },
      { key: 'crashy', runType, interval: 700, runs: 2 },
    );
    scheduler.add({ module: JOBS }, { key: 'bystander', runType, firstRun: Date.now() + 100 });

    const error = errorOf(await crashed);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as WorkerCrashedError).key).toBe('crashy');
    expect(valueOf(await bystander)).toBe('hello');
    expect(valueOf(await nextOutcome(scheduler, 'crashy'))).toBe(2);
    expect(task.runCount).toBe(2);
  });

  it('treats an uncaught error in a worker timer as a crash of that run', async () => {
    scheduler = new Scheduler();
    const done = nextOutcome(scheduler, 'timer');
    scheduler.add({ module: JOBS, export: 'throwInTimer' }, { key: 'timer', runType });
    const error = errorOf(await done);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as WorkerCrashedError).key).toBe('timer');
  });
});

describe('THREAD resource limits', () => {
  it('fails a run whose thread runs out of memory with WorkerCrashedError', async () => {
    const scheduler = new Scheduler({
      workers: {
        threads: { max: 1, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } },
      },
    });
    try {
      const done = nextOutcome(scheduler, 'hog');
      scheduler.add({ module: JOBS, export: 'exhaustMemory' }, { key: 'hog', runType: 'THREAD' });
      const error = errorOf(await done);
      expect(error).toBeInstanceOf(WorkerCrashedError);
      expect((error as WorkerCrashedError).key).toBe('hog');

      const after = nextOutcome(scheduler, 'after');
      scheduler.add({ module: JOBS }, { key: 'after', runType: 'THREAD' });
      expect(valueOf(await after)).toBe('hello');
    } finally {
      await scheduler.close();
    }
  });
});
