/**
 * The same timing rules driven through the injectable `clock` option with a hand-written fake
 * (no vitest fake timers): proves that the scheduler reads and waits for time only through its Clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Scheduler, TaskTimeoutError, type TaskContext } from '../../src/index.js';
import { FakeClock, RecordingLogger, T0, sinceT0 } from './helpers.js';

let clock: FakeClock;
let scheduler: Scheduler;

beforeEach(() => {
  clock = new FakeClock(T0);
  scheduler = new Scheduler({ clock, logger: new RecordingLogger() });
});

afterEach(async () => {
  await scheduler.close({ timeout: 0 });
  expect(clock.pendingTimers).toBe(0);
});

function plannedTimes(): { readonly planned: number[]; readonly fn: (ctx: TaskContext) => void } {
  const planned: number[] = [];
  return { planned, fn: (ctx) => planned.push(ctx.scheduledAt.getTime() - T0) };
}

describe('with an injected clock', () => {
  it('runs on the fixed grid, and ctx.scheduledAt is the planned time', async () => {
    const runs = plannedTimes();
    const task = scheduler.add(runs.fn, { interval: '1s', firstRun: T0 + 500 });
    expect(sinceT0(task.nextRunAt)).toBe(500);
    await clock.advance(3_600);
    expect(runs.planned).toEqual([500, 1_500, 2_500, 3_500]);
    expect(sinceT0(task.lastRunAt)).toBe(3_500);
    expect(sinceT0(task.nextRunAt)).toBe(4_500);
  });

  it('a blocked loop yields one late run carrying its planned time, then the grid again', async () => {
    const runs = plannedTimes();
    const actual: number[] = [];
    scheduler.add(
      (ctx) => {
        runs.fn(ctx);
        actual.push(clock.now() - T0);
      },
      { interval: 1_000 },
    );
    await clock.advance(0);
    clock.jump(7_300); // the event loop was blocked: the timer due at 1000 fires late, at 7300
    await clock.advance(0);
    expect(runs.planned).toEqual([0, 1_000]);
    expect(actual).toEqual([0, 7_300]);
    await clock.advance(2_000);
    expect(runs.planned).toEqual([0, 1_000, 8_000, 9_000]);
    expect(actual).toEqual([0, 7_300, 8_000, 9_000]);
  });

  it('zero drift: after 10,000 runs with random lateness, run k is still planned at k·interval', async () => {
    const runs = plannedTimes();
    scheduler.add(runs.fn, { interval: 100 });
    let seed = 7;
    for (let i = 0; i < 10_000; i += 1) {
      // Each firing is up to 60 ms late (a busy loop); a drifting scheduler would add that up.
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      clock.jump(seed % 60);
      await clock.advance(100 - (seed % 60));
    }
    expect(runs.planned.length).toBeGreaterThanOrEqual(10_000);
    expect(runs.planned.every((t, k) => t === k * 100)).toBe(true);
  });

  it('never asks for a timer longer than 30 s, and re-checks the clock every 30 s', async () => {
    const runs = plannedTimes();
    const fortyDays = 40 * 86_400_000; // beyond 2^31−1 ms
    scheduler.add(runs.fn, { interval: fortyDays, firstRun: T0 + fortyDays });
    expect(clock.requestedDelays).toEqual([30_000]);
    await clock.advance(95_000);
    expect(clock.requestedDelays).toEqual([30_000, 30_000, 30_000, 30_000]);
    await clock.advance(fortyDays - 95_000);
    expect(runs.planned).toEqual([fortyDays]);
    expect(Math.max(...clock.requestedDelays)).toBeLessThanOrEqual(30_000);
  });

  it('a machine that slept through a far-future run runs it on waking, from the capped timer', async () => {
    const runs = plannedTimes();
    scheduler.add(runs.fn, { firstRun: T0 + 3_600_000 });
    await clock.advance(10_000);
    clock.jump(3_600_000); // suspended: the 30 s timer is overdue when the machine wakes
    await clock.advance(0);
    expect(runs.planned).toEqual([3_600_000]);
  });

  it('measures lastRunDuration with the monotonic clock', async () => {
    const task = scheduler.add(
      () =>
        new Promise<void>((resolve) => {
          clock.setTimeout(resolve, 250);
        }),
      { interval: 1_000 },
    );
    await clock.advance(0);
    expect(task.isRunning).toBe(true);
    expect(task.lastRunDuration).toBeUndefined();
    await clock.advance(250);
    expect(task.isRunning).toBe(false);
    expect(task.lastRunDuration).toBe(250);
  });

  it('times a run out through the clock', async () => {
    let signal: AbortSignal | undefined;
    const task = scheduler.add(
      (ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      },
      { interval: 10_000, timeout: 300 },
    );
    await clock.advance(299);
    expect(signal?.aborted).toBe(false);
    await clock.advance(1);
    expect(signal?.reason).toBeInstanceOf(TaskTimeoutError);
    expect(task.errorCount).toBe(1);
    expect(task.lastRunDuration).toBe(300);
  });
});
