/**
 * Failing runs and the events (SPEC "Scheduler" events, issue 2 "Bad input"): a task that throws is
 * counted, recorded and emitted, keeps its timetable and harms no other task; nothing a task or a
 * listener does crashes the scheduler.
 */
import { describe, expect, it, vi } from 'vitest';

import { Scheduler, type RunEnd, type RunInfo, type Task } from '../../src/index.js';
import { RecordingLogger, sinceT0, T0, withFakeTimedScheduler } from './helpers.js';

let scheduler: Scheduler;
let logger: RecordingLogger;

withFakeTimedScheduler((made) => ({ scheduler, logger } = made), { settleMs: 0 });

describe('a failing task', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
    ['rejects', () => Promise.reject(new Error('boom'))],
  ])('that %s is counted, recorded, emitted, and keeps its timetable', async (_how, fn) => {
    const errors: { error: unknown; run: RunEnd }[] = [];
    scheduler.on('taskError', (task, error, run) => {
      expect(task.key).toBe('bad');
      errors.push({ error, run });
    });
    const task = scheduler.add(fn, { key: 'bad', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(task.runCount).toBe(3);
    expect(task.errorCount).toBe(3);
    expect(task.lastError).toBeInstanceOf(Error);
    expect((task.lastError as Error).message).toBe('boom');
    expect(task.isActive).toBe(true);
    expect(sinceT0(task.nextRunAt)).toBe(3_000);
    expect(errors.map(({ run }) => [run.runNumber, sinceT0(run.scheduledAt)])).toEqual([
      [1, 0],
      [2, 1_000],
      [3, 2_000],
    ]);
    expect(errors[0]?.error).toBeInstanceOf(Error);
    expect(logger.errors).toEqual([]);
  });

  it('passes a thrown non-Error value through unchanged', async () => {
    const task = scheduler.add(
      () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 'plain string';
      },
      { key: 's' },
    );
    scheduler.on('taskError', () => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(task.lastError).toBe('plain string');
  });

  it('leaves other tasks unaffected', async () => {
    const good = vi.fn();
    scheduler.add(
      () => {
        throw new Error('boom');
      },
      { key: 'bad', interval: 500 },
    );
    const goodTask = scheduler.add(good, { key: 'good', interval: 1_000 });
    scheduler.on('taskError', () => {});
    await vi.advanceTimersByTimeAsync(3_000);
    expect(good).toHaveBeenCalledTimes(4);
    expect(goodTask.errorCount).toBe(0);
    expect(goodTask.lastError).toBeUndefined();
  });

  it('keeps lastError after later successful runs', async () => {
    const task = scheduler.add(
      (ctx) => {
        if (ctx.runNumber === 1) throw new Error('first');
      },
      { key: 'flaky', interval: 1_000 },
    );
    scheduler.on('taskError', () => {});
    await vi.advanceTimersByTimeAsync(3_000);
    expect(task.errorCount).toBe(1);
    expect((task.lastError as Error).message).toBe('first');
  });

  it('is logged through the logger option when nobody listens for taskError, and never crashes', async () => {
    const boom = new Error('boom');
    scheduler.add(
      () => {
        throw boom;
      },
      { key: 'unheard', interval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(logger.errors).toHaveLength(2);
    expect(logger.errors[0]?.message).toContain('unheard');
    expect(logger.errors[0]?.meta).toContain(boom);
  });

  it('logs to console.error by default', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const plain = new Scheduler();
    try {
      plain.add(() => Promise.reject(new Error('x')), { key: 'c' });
      await vi.advanceTimersByTimeAsync(0);
      expect(consoleError).toHaveBeenCalledOnce();
    } finally {
      await plain.close();
      consoleError.mockRestore();
    }
  });
});

describe('events', () => {
  it('emits taskStart and taskSuccess with the task, run number, planned time, duration and value', async () => {
    const log: string[] = [];
    let success: (RunEnd & { readonly value: unknown }) | undefined;
    let start: RunInfo | undefined;
    scheduler.on('taskStart', (task, run) => {
      log.push(`start ${task.key} ${run.runNumber}`);
      start = run;
    });
    scheduler.on('taskSuccess', (task, run) => {
      log.push(`success ${task.key} ${run.runNumber}`);
      success = run;
    });
    scheduler.add(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        return 42;
      },
      { key: 'e', firstRun: T0 + 100 },
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(log).toEqual(['start e 1', 'success e 1']);
    expect(sinceT0(start?.scheduledAt)).toBe(100);
    expect(success).toMatchObject({ runNumber: 1, duration: 40, value: 42 });
    expect(sinceT0(success?.scheduledAt)).toBe(100);
  });

  it('emits events in order through a task’s life', async () => {
    const log: string[] = [];
    for (const event of ['taskStart', 'taskSuccess', 'taskComplete', 'taskRemove'] as const) {
      scheduler.on(event, (task: Task) => log.push(`${event}:${task.key}`));
    }
    scheduler.add(() => {}, { key: 't', interval: 1_000, runs: 2, autoRemove: true });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(log).toEqual([
      'taskStart:t',
      'taskSuccess:t',
      'taskStart:t',
      'taskSuccess:t',
      'taskComplete:t',
      'taskRemove:t',
    ]);
  });

  it('a listener that throws never breaks the scheduler; its error is logged', async () => {
    const fn = vi.fn();
    for (const event of ['taskStart', 'taskSuccess', 'taskComplete'] as const) {
      scheduler.on(event, () => {
        throw new Error(`listener of ${event}`);
      });
    }
    const task = scheduler.add(fn, { key: 'l', interval: 1_000, runs: 3 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(task.runCount).toBe(3);
    expect(task.errorCount).toBe(0);
    expect(task.status).toBe('completed');
    expect(logger.errors.length).toBe(7);
  });

  it('a throwing listener does not keep the event from the listeners after it', async () => {
    const heard: string[] = [];
    scheduler.on('taskStart', () => {
      throw new Error('first listener');
    });
    scheduler.on('taskStart', (task) => heard.push(task.key));
    scheduler.once('taskStart', (task) => heard.push(`once:${task.key}`));
    scheduler.add(() => {}, { key: 'k', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(heard).toEqual(['k', 'once:k', 'k']);
    expect(logger.errors).toHaveLength(2);
  });

  it('a throwing taskError listener is logged too', async () => {
    scheduler.on('taskError', () => {
      throw new Error('listener');
    });
    const task = scheduler.add(() => Promise.reject(new Error('run')), { key: 'x', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task.errorCount).toBe(2);
    expect(logger.errors).toHaveLength(2);
  });

  it('an async listener that rejects is logged, not an unhandled rejection', async () => {
    // Users do write async listeners; this is what the test is about.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    scheduler.on('taskSuccess', async () => {
      await Promise.resolve();
      throw new Error('async listener');
    });
    scheduler.add(() => {}, { key: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(logger.errors).toHaveLength(1);
  });
});
