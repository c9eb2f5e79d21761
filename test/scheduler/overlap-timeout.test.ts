/**
 * What happens when runs take long (SPEC "Task options": overlap, timeout): 'skip' skips and counts,
 * 'allow' runs concurrently; a timeout aborts the run's signal and counts it as failed at that moment,
 * and the task keeps its timetable.
 */
import { describe, expect, it, vi } from 'vitest';

import { Scheduler, TaskTimeoutError, type Task } from '../../src/index.js';
import { sinceT0, T0, withFakeTimedScheduler } from './helpers.js';

let scheduler: Scheduler;

// Aborted runs may still hold timers of their own (the task's sleep): let them end too.
withFakeTimedScheduler((made) => ({ scheduler } = made), { settleMs: 5_000, closeTimeout: 100 });

/** A task function whose runs take `ms` each, counting how many are in flight at once. */
function slowRuns(ms: number): {
  readonly fn: () => Promise<void>;
  readonly starts: number[];
  readonly maxConcurrent: () => number;
} {
  let current = 0;
  let max = 0;
  const starts: number[] = [];
  return {
    starts,
    maxConcurrent: () => max,
    fn: async () => {
      starts.push(Date.now() - T0);
      current += 1;
      max = Math.max(max, current);
      await new Promise((resolve) => setTimeout(resolve, ms));
      current -= 1;
    },
  };
}

describe("overlap: 'skip' (the default)", () => {
  it('skips ticks while a run is going, counts them and emits taskSkip with the planned time', async () => {
    const runs = slowRuns(2_500);
    const skips: number[] = [];
    scheduler.on('taskSkip', (task, skip) => {
      expect(task.key).toBe('slow');
      expect(skip.reason).toBe('overlap');
      skips.push(sinceT0(skip.scheduledAt)!);
    });
    const task = scheduler.add(runs.fn, { key: 'slow', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(6_100);
    // Run at 0 ends at 2500: 1000 and 2000 skipped; run at 3000 ends at 5500: 4000, 5000 skipped.
    expect(runs.starts).toEqual([0, 3_000, 6_000]);
    expect(skips).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(task.skipCount).toBe(4);
    expect(task.runCount).toBe(3);
    expect(runs.maxConcurrent()).toBe(1);
  });

  it('keeps the timetable: the run after a skip is on the grid', async () => {
    const runs = slowRuns(1_200);
    const task = scheduler.add(runs.fn, { key: 'grid', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(runs.starts).toEqual([0, 2_000, 4_000]);
    expect(sinceT0(task.nextRunAt)).toBe(5_000);
  });
});

describe("overlap: 'allow'", () => {
  it('starts every tick, running them concurrently', async () => {
    const runs = slowRuns(2_500);
    const skip = vi.fn();
    scheduler.on('taskSkip', skip);
    const task = scheduler.add(runs.fn, { key: 'par', interval: 1_000, overlap: 'allow' });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(runs.starts).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    expect(runs.maxConcurrent()).toBe(3);
    expect(task.isRunning).toBe(true);
    expect(task.skipCount).toBe(0);
    expect(skip).not.toHaveBeenCalled();
  });

  it('completes only when the last of its concurrent runs ended', async () => {
    const runs = slowRuns(2_500);
    const complete = vi.fn();
    scheduler.on('taskComplete', complete);
    const task = scheduler.add(runs.fn, { key: 'par', interval: 1_000, overlap: 'allow', runs: 2 });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(task.isActive).toBe(true);
    expect(complete).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(complete).toHaveBeenCalledOnce();
    expect(task.isActive).toBe(false);
  });
});

describe('timeout', () => {
  it('aborts ctx.signal with TaskTimeoutError and counts the run as failed at the timeout', async () => {
    const signals: AbortSignal[] = [];
    const errors: unknown[] = [];
    scheduler.on('taskError', (_task, error, run) => {
      errors.push(error);
      expect(run.duration).toBe(300);
    });
    const task = scheduler.add(
      (ctx) => {
        signals.push(ctx.signal);
        return new Promise(() => {}); // never settles: only the timeout can end it
      },
      { key: 'hang', interval: 1_000, timeout: '300ms' },
    );
    await vi.advanceTimersByTimeAsync(299);
    expect(signals[0]?.aborted).toBe(false);
    expect(task.isRunning).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(signals[0]?.aborted).toBe(true);
    const reason: unknown = signals[0]?.reason;
    expect(reason).toBeInstanceOf(TaskTimeoutError);
    expect((reason as TaskTimeoutError).key).toBe('hang');
    expect((reason as TaskTimeoutError).timeout).toBe(300);
    expect(task.isRunning).toBe(false);
    expect(task.errorCount).toBe(1);
    expect(task.lastError).toBe(reason);
    expect(errors).toEqual([reason]);
    expect(task.lastRunDuration).toBe(300);
  });

  it('keeps the timetable after a timeout', async () => {
    const starts: number[] = [];
    const task = scheduler.add(
      () => {
        starts.push(Date.now() - T0);
        return new Promise(() => {});
      },
      { key: 'hang', interval: 1_000, timeout: 300 },
    );
    await vi.advanceTimersByTimeAsync(3_500);
    expect(starts).toEqual([0, 1_000, 2_000, 3_000]);
    expect(task.errorCount).toBe(4);
    expect(task.skipCount).toBe(0);
    expect(task.isActive).toBe(true);
  });

  it('does not fire for a run that ends in time, and leaves no timer behind', async () => {
    let signal: AbortSignal | undefined;
    const task = scheduler.add(
      async (ctx) => {
        signal = ctx.signal;
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
      { key: 'quick', interval: 10_000, timeout: 5_000 },
    );
    await vi.advanceTimersByTimeAsync(200);
    expect(task.errorCount).toBe(0);
    expect(vi.getTimerCount()).toBe(1); // only the scheduler's own
    await vi.advanceTimersByTimeAsync(5_000);
    expect(signal?.aborted).toBe(false);
  });

  it('a timeout longer than 2^31−1 ms does not fire early', async () => {
    let signal: AbortSignal | undefined;
    const task = scheduler.add(
      (ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      },
      { key: 'long', timeout: '30d', interval: '60d' },
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(signal?.aborted).toBe(false);
    expect(task.isRunning).toBe(true);
    await vi.advanceTimersByTimeAsync(30 * 86_400_000 - 60_001);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.reason).toBeInstanceOf(TaskTimeoutError);
  });

  it('the run after a timed-out run is not skipped even if the hung promise never settles', async () => {
    const tasks: Task[] = [];
    scheduler.on('taskStart', (task) => tasks.push(task));
    scheduler.add(() => new Promise(() => {}), { key: 'h', interval: 1_000, timeout: 500 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(tasks).toHaveLength(3);
  });
});
