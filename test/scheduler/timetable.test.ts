/**
 * The fixed timetable (SPEC "Task options"): run k is planned at firstRun + k·interval, lateness never
 * accumulates, missed ticks coalesce into one late run. Driven by vitest's fake timers.
 */
import { describe, expect, it, vi } from 'vitest';

import { Scheduler, type TaskContext } from '../../src/index.js';
import { sinceT0, T0, withFakeTimedScheduler } from './helpers.js';

let scheduler: Scheduler;

// Runs still in flight wait on fake timers: the helper lets those move while close() drains them.
withFakeTimedScheduler((made) => ({ scheduler } = made));

/** Records the planned time (ms after T0) and the actual time of every run. */
function recorder(): {
  readonly planned: number[];
  readonly actual: number[];
  readonly fn: (ctx: TaskContext) => void;
} {
  const planned: number[] = [];
  const actual: number[] = [];
  return {
    planned,
    actual,
    fn: (ctx) => {
      planned.push(ctx.scheduledAt.getTime() - T0);
      actual.push(Date.now() - T0);
    },
  };
}

describe('interval tasks', () => {
  it('plans run k at firstRun + k·interval and runs each exactly on time', async () => {
    const runs = recorder();
    scheduler.add(runs.fn, { interval: 1_000 });
    await vi.advanceTimersByTimeAsync(4_500);
    expect(runs.planned).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    expect(runs.actual).toEqual(runs.planned);
  });

  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['5000', 5_000],
  ])('takes the duration string %s as %i ms', async (text, ms) => {
    const task = scheduler.add(() => {}, { interval: text });
    expect(task.interval).toBe(ms);
    await vi.advanceTimersByTimeAsync(0);
    expect(sinceT0(task.nextRunAt)).toBe(ms);
  });

  it('anchors the timetable at a future firstRun and waits for it', async () => {
    const runs = recorder();
    scheduler.add(runs.fn, { interval: 1_000, firstRun: new Date(T0 + 10_000) });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(runs.planned).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_001);
    expect(runs.planned).toEqual([10_000, 11_000, 12_000]);
  });

  it('accepts firstRun as a ms epoch number', async () => {
    const runs = recorder();
    scheduler.add(runs.fn, { interval: 1_000, firstRun: T0 + 500 });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(runs.planned).toEqual([500, 1_500]);
  });

  it('runs at once for a past firstRun, then keeps the phase of that anchor', async () => {
    const runs = recorder();
    scheduler.add(runs.fn, { interval: 1_000, firstRun: new Date(T0 - 10_250) });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.actual).toEqual([0]);
    await vi.advanceTimersByTimeAsync(2_000);
    // The grid of the anchor is …, -250, 750, 1750: the run after the catch-up is on it.
    expect(runs.actual).toEqual([0, 750, 1_750]);
  });
});

describe('late ticks', () => {
  // vitest's setSystemTime keeps pending timers at their remaining delay, so the late timer fires a
  // little after the jump rather than at once; what matters is how many runs follow and when.
  it('coalesces ticks missed while the clock jumped into one late run, then returns to the grid', async () => {
    const runs = recorder();
    scheduler.add(runs.fn, { interval: 1_000 });
    await vi.advanceTimersByTimeAsync(0); // run at 0
    // The loop is blocked for 5.3 s: the timer cannot fire, but the wall clock moves on.
    vi.setSystemTime(T0 + 5_300);
    await vi.advanceTimersByTimeAsync(1_000);
    // One late run, still carrying its planned time (1000); 2000..5000 are never run.
    expect(runs.planned).toEqual([0, 1_000]);
    expect(runs.actual[1]).toBeGreaterThan(5_300);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs.planned).toEqual([0, 1_000, 7_000, 8_000]);
    expect(runs.actual.slice(2)).toEqual([7_000, 8_000]);
  });

  it('coalesces after a run that blocks the loop for several intervals', async () => {
    const planned: number[] = [];
    const actual: number[] = [];
    scheduler.add(
      (ctx) => {
        planned.push(ctx.scheduledAt.getTime() - T0);
        actual.push(Date.now() - T0);
        // A busy synchronous run of 3.5 s: nothing else can happen meanwhile.
        if (ctx.runNumber === 2) vi.setSystemTime(Date.now() + 3_500);
      },
      { interval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(6_000);
    // Run 2 (at 1000) ends at 4500: the ticks 2000..4000 become one late run planned at 2000, after
    // which the task is back on its grid.
    expect(planned.slice(0, 3)).toEqual([0, 1_000, 2_000]);
    expect(actual[2]).toBeGreaterThanOrEqual(4_500);
    const after = planned.slice(3);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after[0]).toBeGreaterThan(actual[2]!);
    expect(after.every((t) => t % 1_000 === 0)).toBe(true);
    expect(actual.slice(3)).toEqual(after);
  });

  it('keeps zero drift over many runs, even with slow runs between', async () => {
    const runs = recorder();
    scheduler.add(
      async (ctx) => {
        runs.fn(ctx);
        // Each run takes 40% of the interval: a drifting scheduler would fall behind.
        await new Promise((resolve) => setTimeout(resolve, 40));
      },
      { interval: 100 },
    );
    await vi.advanceTimersByTimeAsync(100_000);
    expect(runs.actual).toHaveLength(1_001);
    expect(runs.actual.at(-1)).toBe(100_000);
    expect(runs.actual.every((t, k) => t === k * 100)).toBe(true);
  });
});

describe('one-shot tasks and runs', () => {
  it('runs a task without interval once, at firstRun, then removes it', async () => {
    const runs = recorder();
    const completed = vi.fn();
    const removed = vi.fn();
    scheduler.on('taskComplete', completed);
    scheduler.on('taskRemove', removed);
    const task = scheduler.add(runs.fn, { key: 'once', firstRun: T0 + 2_000 });
    expect(scheduler.tasks.get('once')).toBe(task);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.actual).toEqual([2_000]);
    expect(completed).toHaveBeenCalledExactlyOnceWith(task);
    expect(removed).toHaveBeenCalledExactlyOnceWith(task);
    expect(scheduler.tasks.has('once')).toBe(false);
    expect(task.isActive).toBe(false);
  });

  it('runs a one-shot task without firstRun at once', async () => {
    const runs = recorder();
    scheduler.add(runs.fn);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.actual).toEqual([0]);
    expect(scheduler.tasks.size).toBe(0);
  });

  it('removes a one-shot task only after its async run ended', async () => {
    let finish: () => void = () => {};
    const task = scheduler.add(() => new Promise<void>((resolve) => (finish = resolve)), { key: 'slow' });
    await vi.advanceTimersByTimeAsync(0);
    expect(task.isRunning).toBe(true);
    expect(scheduler.tasks.has('slow')).toBe(true);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(task.runCount).toBe(1);
    expect(scheduler.tasks.has('slow')).toBe(false);
  });

  it('completes after `runs` runs: taskComplete, inactive, no next run, still listed', async () => {
    const runs = recorder();
    const completed = vi.fn();
    scheduler.on('taskComplete', completed);
    const task = scheduler.add(runs.fn, { key: 'three', interval: 1_000, runs: 3 });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(completed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.planned).toEqual([0, 1_000, 2_000]);
    expect(completed).toHaveBeenCalledExactlyOnceWith(task);
    expect(task.isActive).toBe(false);
    expect(task.status).toBe('completed');
    expect(task.nextRunAt).toBeUndefined();
    expect(task.runCount).toBe(3);
    expect(scheduler.tasks.get('three')).toBe(task);
  });

  it('removes a completed task with autoRemove, emitting taskRemove after taskComplete', async () => {
    const order: string[] = [];
    scheduler.on('taskComplete', (task) => order.push(`complete:${task.key}`));
    scheduler.on('taskRemove', (task) => order.push(`remove:${task.key}`));
    scheduler.add(() => {}, { key: 'auto', interval: 1_000, runs: 2, autoRemove: true });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual(['complete:auto', 'remove:auto']);
    expect(scheduler.tasks.has('auto')).toBe(false);
  });
});

describe('the one timer', () => {
  it('starts every task due at the same moment from one timer callback', () => {
    const starts: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      scheduler.add(() => starts.push(Date.now() - T0), { interval: 1_000, firstRun: T0 + 1_000 });
    }
    expect(vi.getTimerCount()).toBe(1);
    // Exactly one timer callback fires (the next one would come at 2000).
    vi.advanceTimersToNextTimer();
    expect(starts).toHaveLength(50);
    expect(new Set(starts)).toEqual(new Set([1_000]));
    expect(vi.getTimerCount()).toBe(1);
  });

  it('holds one timer for many tasks with different periods', () => {
    for (let i = 1; i <= 200; i += 1) scheduler.add(() => {}, { interval: i * 37 });
    expect(vi.getTimerCount()).toBe(1);
  });

  it('runs a 30-day interval exactly on time without a TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const runs = recorder();
      const thirtyDays = 30 * 86_400_000;
      const task = scheduler.add(runs.fn, { interval: '30d', firstRun: T0 + thirtyDays });
      await vi.advanceTimersByTimeAsync(thirtyDays - 1);
      expect(runs.actual).toEqual([]);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(runs.actual).toEqual([thirtyDays]);
      expect(sinceT0(task.nextRunAt)).toBe(2 * thirtyDays);
      await new Promise((resolve) => {
        process.nextTick(resolve);
      });
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('notices a clock that jumped past a far-future run within 30 s', async () => {
    const runs = recorder();
    scheduler.add(runs.fn, { firstRun: T0 + 86_400_000, key: 'tomorrow' });
    // The machine sleeps through the night: the timer does not fire, but the wall clock moves on.
    vi.setSystemTime(T0 + 86_400_000 + 1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs.planned).toEqual([86_400_000]);
  });
});
