/**
 * `TestClock` (crontainer/testing): virtual time that moves only on `advance`, `advanceTo` and
 * `next`, each of which fires what fell due in order and awaits the runs it started. Real timers
 * only: the clock must not depend on vitest's fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Scheduler, TaskTimeoutError, type TaskContext } from '../../src/index.js';
import { TestClock, TestKitError } from '../../src/testing.js';
import { RecordingLogger, T0, sinceT0 } from '../scheduler/helpers.js';

let clock: TestClock;
let scheduler: Scheduler;
let logger: RecordingLogger;

beforeEach(() => {
  // A short settle window keeps the tests of held runs quick; runs that settle never wait for it.
  clock = new TestClock({ now: T0, settleTimeout: 50 });
  logger = new RecordingLogger();
  scheduler = new Scheduler({ clock, logger });
});

afterEach(async () => {
  await scheduler.close({ timeout: 0 });
  expect(clock.timerCount).toBe(0);
});

/** A promise the test settles by hand, to hold a run in flight. */
function deferred(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A task function that records the planned time (ms after T0) of each run and what it saw. */
function recorder(): { readonly planned: number[]; readonly fn: (ctx: TaskContext) => Promise<void> } {
  const planned: number[] = [];
  return {
    planned,
    fn: async (ctx) => {
      // Several real promise hops: advance awaits the whole run, not just its first step.
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      planned.push(ctx.scheduledAt.getTime() - T0);
    },
  };
}

describe('TestClock', () => {
  it('stands still until advanced, and reads as a Clock', async () => {
    expect(clock.now()).toBe(T0);
    expect(clock.monotonic()).toBe(0);
    const runs = recorder();
    scheduler.add(runs.fn, { interval: '1s' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs.planned).toEqual([]); // due at once, but no virtual time has passed
    await clock.advance(0);
    expect(runs.planned).toEqual([0]);
    await clock.advance(250);
    expect(clock.now()).toBe(T0 + 250);
    expect(clock.monotonic()).toBe(250);
  });

  it('advance fires every planned run of the span in order and awaits each, with duration strings', async () => {
    const runs = recorder();
    const other = recorder();
    const task = scheduler.add(runs.fn, { key: 'every-second', interval: '1s' });
    scheduler.add(other.fn, { key: 'every-1.5s', interval: 1_500, firstRun: T0 + 500 });
    const report = await clock.advance('3s');
    expect(runs.planned).toEqual([0, 1_000, 2_000, 3_000]);
    expect(other.planned).toEqual([500, 2_000]);
    expect(report).toEqual({ started: 6, pending: [] });
    expect(task.runCount).toBe(4);
    expect(task.isRunning).toBe(false);
    expect(sinceT0(task.lastRunAt)).toBe(3_000);
    expect(sinceT0(task.nextRunAt)).toBe(4_000);
    expect(task.lastRunDuration).toBe(0); // real work takes no virtual time
    expect(await clock.advance('499ms')).toEqual({ started: 0, pending: [] });
    expect(runs.planned).toHaveLength(4);
  });

  it('advanceTo moves to an instant; next jumps to the next timer, a planned run or a timeout', async () => {
    const runs = recorder();
    const task = scheduler.add(runs.fn, { interval: '1d', firstRun: T0 + 3_600_000 });
    expect(await clock.advanceTo(new Date(T0 + 1_800_000))).toEqual({ started: 0, pending: [] });
    expect(runs.planned).toEqual([]);
    // One timer, armed for the due run itself: a test clock needs no 30 s re-check wakes.
    expect(clock.timerCount).toBe(1);
    expect(await clock.next()).toEqual({ started: 1, pending: [] });
    expect(clock.now()).toBe(T0 + 3_600_000);
    await clock.next();
    expect(runs.planned).toEqual([3_600_000, 90_000_000]);
    scheduler.stop(task.key);

    const hung = scheduler.add(() => new Promise(() => {}), { key: 'hung', interval: '1h', timeout: '1m' });
    expect(await clock.next()).toEqual({ started: 1, pending: ['hung'] });
    expect(await clock.next()).toEqual({ started: 0, pending: [] }); // its timeout
    expect(hung.lastError).toBeInstanceOf(TaskTimeoutError);
    expect(clock.now()).toBe(T0 + 90_000_000 + 60_000);
    scheduler.stop(hung.key);
    expect(await clock.next()).toEqual({ started: 0, pending: [] });
    expect(clock.now()).toBe(T0 + 90_000_000 + 60_000);
  });

  it('follows cron expressions and time zones on virtual time', async () => {
    // Monday 5 January 2026, 07:00Z; 09:00 in Berlin is 08:00Z in winter.
    clock = new TestClock({ now: new Date('2026-01-05T07:00:00Z') });
    scheduler = new Scheduler({ clock, logger });
    const planned: string[] = [];
    const task = scheduler.add((ctx) => planned.push(ctx.scheduledAt.toISOString()), {
      cron: '0 9 * * MON-FRI',
      timezone: 'Europe/Berlin',
    });
    const report = await clock.advance('7d');
    expect(report.started).toBe(5);
    expect(planned).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-06T08:00:00.000Z',
      '2026-01-07T08:00:00.000Z',
      '2026-01-08T08:00:00.000Z',
      '2026-01-09T08:00:00.000Z',
    ]);
    expect(task.lastRunAt?.toISOString()).toBe('2026-01-09T08:00:00.000Z');
    expect(task.nextRunAt?.toISOString()).toBe('2026-01-12T08:00:00.000Z');
  });

  it('a failing run settles as failed without rejecting advance, and the timetable goes on', async () => {
    let calls = 0;
    const task = scheduler.add(
      async () => {
        calls += 1;
        await Promise.resolve();
        if (calls === 1) throw new RangeError('first run fails');
      },
      { key: 'flaky', interval: '1m' },
    );
    expect(await clock.advance(0)).toEqual({ started: 1, pending: [] });
    expect(task.errorCount).toBe(1);
    expect(task.lastError).toBeInstanceOf(RangeError);
    expect(logger.errors.map((entry) => entry.message)).toEqual(['crontainer: run 1 of task "flaky" failed']);
    await clock.advance('1m');
    expect(task.runCount).toBe(2);
    expect(task.errorCount).toBe(1);
  });

  it('reports a run held by the test as pending, skips overlapping ticks, and settles it once released', async () => {
    const hold = deferred();
    const task = scheduler.add(() => hold.promise, { key: 'held', interval: '1s' });
    const report = await clock.advance('3s');
    expect(report).toEqual({ started: 1, pending: ['held'] });
    expect(clock.pendingRuns).toEqual(['held']);
    expect(task.isRunning).toBe(true);
    expect(task.skipCount).toBe(3);
    hold.resolve();
    expect(await clock.advance(0)).toEqual({ started: 0, pending: [] });
    expect(task.isRunning).toBe(false);
    await clock.advance('1s');
    expect(task.runCount).toBe(2);
  });

  it('fires a run timeout on virtual time: the hung run fails with TaskTimeoutError and its signal aborts', async () => {
    const signals: AbortSignal[] = [];
    const task = scheduler.add(
      (ctx) => {
        signals.push(ctx.signal);
        return new Promise(() => {}); // never settles by itself
      },
      { key: 'hung', interval: '10s', timeout: '2s' },
    );
    expect(await clock.advance('1999ms')).toEqual({ started: 1, pending: ['hung'] });
    expect(signals[0]?.aborted).toBe(false);
    expect(await clock.advance('1ms')).toEqual({ started: 0, pending: [] });
    expect(task.lastError).toBeInstanceOf(TaskTimeoutError);
    expect((task.lastError as TaskTimeoutError).key).toBe('hung');
    expect(signals[0]?.reason).toBe(task.lastError);
    expect(task.lastRunDuration).toBe(2_000);
    await clock.advance('8s');
    expect(task.runCount).toBe(2);
  });

  it('waits for real work of a run (here 30 ms of real time) before moving on', async () => {
    const finished: number[] = [];
    scheduler.add(
      async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished.push(ctx.runNumber);
      },
      { key: 'io', interval: '1s' },
    );
    const report = await clock.advance('1s');
    // Had the clock moved on after 0 ms, the tick at 1 s would have been skipped as an overlap.
    expect(report).toEqual({ started: 2, pending: [] });
    expect(finished).toEqual([1, 2]);
  });

  it('close settles with a run held in flight and `timeout: 0`, and leaves no virtual timer', async () => {
    const signals: AbortSignal[] = [];
    scheduler.add(
      (ctx) => {
        signals.push(ctx.signal);
        return new Promise(() => {});
      },
      { key: 'hung', interval: '1s' },
    );
    await clock.advance(0);
    await scheduler.close({ timeout: 0 });
    expect(signals[0]?.aborted).toBe(true);
    expect(clock.timerCount).toBe(0);
    expect(clock.pendingRuns).toEqual([]);
  });

  it('a longer close timeout runs on virtual time too', async () => {
    const hold = deferred();
    scheduler.add(() => hold.promise, { key: 'held', interval: '1s' });
    await clock.advance(0);
    let closed = false;
    const closing = scheduler.close({ timeout: '5s' } as never).then(() => (closed = true));
    await clock.advance('4999ms');
    expect(closed).toBe(false);
    await clock.advance('1ms');
    await closing;
    expect(closed).toBe(true);
  });
});

describe('TestClock beside vitest fake timers (for the code under test)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('still awaits runs and reports held ones: its own waits use the real timers', async () => {
    vi.useFakeTimers({ now: T0 });
    const hold = deferred();
    const seen: number[] = [];
    scheduler.add(
      async (ctx) => {
        await Promise.resolve();
        seen.push(Date.now() - T0); // the code under test reads fake time
        if (ctx.runNumber === 2) await hold.promise;
      },
      { key: 'mixed', interval: '1s' },
    );
    expect(await clock.advance('2s')).toEqual({ started: 2, pending: ['mixed'] });
    expect(seen).toEqual([0, 0]);
    hold.resolve();
    expect(await clock.advance(0)).toEqual({ started: 0, pending: [] });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('TestClock refuses what it cannot do, with a TestKitError naming the setting', () => {
  it.each([
    ['advance', -1],
    ['advance', Number.NaN],
    ['advance', '5 sec'],
    ['advance', Infinity],
    ['advance', 1e16],
  ])('%s(%s)', async (method, span) => {
    const error: unknown = await clock.advance(span).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TestKitError);
    expect((error as TestKitError).option).toBe(`TestClock.${method}: the span`);
    expect(clock.now()).toBe(T0);
  });

  it('advanceTo a time before now, or not a time', async () => {
    await clock.advance('1s');
    for (const time of [T0, new Date(Number.NaN), 'tomorrow']) {
      const error: unknown = await clock.advanceTo(time as number).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TestKitError);
      expect((error as TestKitError).option).toBe('TestClock.advanceTo: the time');
    }
    expect(clock.now()).toBe(T0 + 1_000);
  });

  it('a second advance while one is going', async () => {
    const hold = deferred();
    scheduler.add(() => hold.promise, { interval: '1s' });
    const first = clock.advance('1s');
    const second: unknown = await clock.next().catch((caught: unknown) => caught);
    expect(second).toBeInstanceOf(TestKitError);
    expect((second as TestKitError).option).toBe('TestClock.next');
    await first;
    hold.resolve();
  });

  it('bad constructor options', () => {
    expect(() => new TestClock({ now: new Date(Number.NaN) })).toThrow(TestKitError);
    expect(() => new TestClock({ settleTimeout: -5 })).toThrow(TestKitError);
    expect(() => new TestClock({ now: '2026-01-01' as never })).toThrow(
      expect.objectContaining({ option: 'TestClock: options.now' }) as Error,
    );
  });
});
