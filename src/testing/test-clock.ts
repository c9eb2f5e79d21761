import { TestKitError, describeValue } from '../errors.js';
import { parseDuration } from '../options/duration.js';
import type { Duration } from '../options/task-options.js';
import { MAX_TIMER_MS, type Clock, type TimerHandle } from '../scheduler/clock.js';
import { RunTracker } from './run-tracker.js';

/** Options of `new TestClock()`. */
export interface TestClockOptions {
  /** Where virtual time starts. @default the current time (`Date.now()`) */
  readonly now?: Date | number;
  /**
   * Real time (ms or a duration string) that `advance` gives runs in flight to settle before it reports
   * the ones still going as pending and moves on. Only a run that stays pending costs it, once: one
   * that waits for a promise the test resolves later, or for later virtual time. @default 250
   */
  readonly settleTimeout?: Duration;
}

/** What one `advance`, `advanceTo` or `next` did. */
export interface AdvanceReport {
  /** Runs that started during the call. */
  readonly started: number;
  /**
   * The task keys of the runs still in flight when it resolved, one entry per run: runs waiting for the
   * test (a promise it holds) or for later virtual time (their `timeout`). They go on as usual.
   */
  readonly pending: readonly string[];
}

interface VirtualTimer extends TimerHandle {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

const DEFAULT_SETTLE_TIMEOUT_MS = 250;

/** The largest distance from the epoch, in ms, that a `Date` can hold: virtual time stays within it. */
const MAX_TIME_MS = 8.64e15;

/** A duration of virtual or real time: ms ≥ 0 or a duration string (`'0'` and `'0ms'` included). */
function spanOf(option: string, value: unknown): number {
  const ms = typeof value === 'string' ? parseDuration(value) : typeof value === 'number' ? value : undefined;
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw TestKitError.expected(option, `ms ≥ 0 or a duration string such as '5s', '10m', '1d'`, value);
  }
  return ms;
}

/** A point in time as a ms epoch, within the `Date` range. */
function timeOf(option: string, value: unknown): number {
  const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(time) || Math.abs(time) > MAX_TIME_MS) {
    throw TestKitError.expected(option, 'a valid Date or a ms epoch', value);
  }
  return time;
}

/**
 * A virtual `Clock` for tests: time stands still until the test moves it, and moving it fires what falls
 * due and awaits the runs that start. Give it to `bootstrap({ clock })` or `new Scheduler({ clock })`.
 *
 * `advance` fires the timers due in the span in order (the scheduler's, the runs' timeouts), moving
 * `now()` to each one's time, and after each lets the runs it started settle: their promise callbacks,
 * and real work such as an import, take no virtual time. A run still going after `settleTimeout` of real
 * time is waiting on the test or on later virtual time: it is reported in `pending` and not waited for
 * again. Failed runs do not reject `advance`; they are recorded on the task (`lastError`) as always.
 *
 * It drives the scheduler only: `Date.now()` and timers in your own code are untouched (use
 * `ctx.scheduledAt`, or vitest's fake timers, for those).
 *
 * @example
 * ```ts
 * const clock = new TestClock({ now: new Date('2026-01-05T08:00:00Z') });
 * const app = await bootstrap({ container, clock, runInline: true });
 * await clock.advance('1h'); // the run due at once and the one at 09:00 have started and settled
 * ```
 */
export class TestClock implements Clock {
  /** The scheduler's timer may sleep until the next due run: virtual timers never drift nor overflow. */
  readonly maxSleep = Infinity;
  #now: number;
  #monotonic = 0;
  #nextId = 1;
  readonly #timers = new Map<number, VirtualTimer>();
  readonly #runs: RunTracker;
  /** An advance is going: the clock moves for one caller at a time. */
  #moving = false;

  /** @throws TestKitError on an invalid `now` or `settleTimeout` */
  constructor(options: TestClockOptions = {}) {
    this.#now = options.now === undefined ? Date.now() : timeOf('TestClock: options.now', options.now);
    const settle =
      options.settleTimeout === undefined
        ? DEFAULT_SETTLE_TIMEOUT_MS
        : spanOf('TestClock: options.settleTimeout', options.settleTimeout);
    if (settle > MAX_TIMER_MS) {
      throw TestKitError.expected('TestClock: options.settleTimeout', `at most ${MAX_TIMER_MS} ms`, settle);
    }
    this.#runs = new RunTracker(settle);
  }

  /** The virtual time, ms since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Virtual ms since the clock was made: moves exactly as `now()` does. */
  monotonic(): number {
    return this.#monotonic;
  }

  /** Arms a virtual timer; it fires only when `advance` (or `advanceTo`, `next`) passes its time. */
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: VirtualTimer = { id: this.#nextId++, at: this.#now + delay, callback };
    this.#timers.set(timer.id, timer);
    return timer;
  }

  /** Disarms a virtual timer (one that already fired or was cleared is ignored). */
  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete((handle as VirtualTimer).id);
  }

  /** Called by the scheduler for every run it starts (see `Clock.trackRun`). */
  trackRun(key: string, settled: Promise<void>): void {
    this.#runs.track(key, settled);
  }

  /** Virtual timers armed and neither fired nor cleared: 0 once every scheduler on this clock closed. */
  get timerCount(): number {
    return this.#timers.size;
  }

  /** The task keys of the runs in flight, one entry per run. */
  get pendingRuns(): readonly string[] {
    return this.#runs.pending;
  }

  /**
   * Moves virtual time forward by `span` (ms or a duration string; 0 runs what is due now), firing
   * every timer due up to and including the end, and resolves once the runs that fell due have started
   * and settled (see the class for runs that stay pending).
   *
   * @throws TestKitError (as a rejection) for a bad span, or while another advance is going
   */
  async advance(span: Duration): Promise<AdvanceReport> {
    return this.#exclusive('TestClock.advance', () => {
      const ms = spanOf('TestClock.advance: the span', span);
      if (this.#now + ms > MAX_TIME_MS) {
        throw TestKitError.expected('TestClock.advance: the span', 'short enough to stay a valid Date', span);
      }
      return this.#moveTo(this.#now + ms);
    });
  }

  /**
   * `advance` to a point in time: a `Date` or a ms epoch, not before `now()`.
   *
   * @throws TestKitError (as a rejection) for a time before `now()`, or while another advance is going
   */
  async advanceTo(time: Date | number): Promise<AdvanceReport> {
    return this.#exclusive('TestClock.advanceTo', () => {
      const target = timeOf('TestClock.advanceTo: the time', time);
      if (target < this.#now) {
        throw new TestKitError(
          'TestClock.advanceTo: the time',
          time,
          `must not be before the clock's time (${new Date(this.#now).toISOString()}), got ${describeValue(time)}`,
        );
      }
      return this.#moveTo(target);
    });
  }

  /**
   * Moves virtual time to the next timer, however far away, and fires every timer due then: the
   * scheduler's next planned run (it arms its timer for exactly that, on this clock), or a run's
   * `timeout`. Then lets the runs settle as `advance` does. With no timer left it resolves with
   * `started: 0` and time unmoved.
   *
   * @throws TestKitError (as a rejection) while another advance is going
   */
  async next(): Promise<AdvanceReport> {
    return this.#exclusive('TestClock.next', async () => {
      await this.#runs.settle();
      const next = this.#earliest(Infinity);
      if (next !== undefined) await this.#moveTo(next.at);
    });
  }

  /** Runs `move` unless the clock is already moving; reports what it started. */
  async #exclusive(method: string, move: () => Promise<void>): Promise<AdvanceReport> {
    if (this.#moving) {
      throw new TestKitError(
        method,
        undefined,
        'was called while the clock is still moving: await the previous advance, advanceTo or next first',
      );
    }
    this.#moving = true;
    const before = this.#runs.started;
    try {
      await move();
      return { started: this.#runs.started - before, pending: this.#runs.pending };
    } finally {
      this.#moving = false;
    }
  }

  /** Fires every timer due up to `target`, in order, letting runs settle after each; then sets `now()`. */
  async #moveTo(target: number): Promise<void> {
    await this.#runs.settle();
    for (let next = this.#earliest(target); next !== undefined; next = this.#earliest(target)) {
      this.#timers.delete(next.id);
      this.#setNow(next.at);
      next.callback();
      await this.#runs.settle();
    }
    this.#setNow(target);
  }

  /** The timer due first (the earliest armed among equals) at or before `limit`. */
  #earliest(limit: number): VirtualTimer | undefined {
    let first: VirtualTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.at <= limit && (first === undefined || timer.at < first.at)) first = timer;
    }
    return first;
  }

  /** Time never runs back: a timer armed in the past (delay 0 long ago) fires at the current time. */
  #setNow(time: number): void {
    if (time <= this.#now) return;
    this.#monotonic += time - this.#now;
    this.#now = time;
  }
}
