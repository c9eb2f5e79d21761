/**
 * All time a scheduler reads or waits for goes through a `Clock`, so tests can drive it. The default
 * clock looks the timer functions up on `globalThis` at each call (not once at import), which is what
 * lets `vi.useFakeTimers()` installed after import take effect.
 */
export interface TimerHandle {
  /** Lets the process exit while only this timer is pending. */
  unref?(): unknown;
  /** Keeps the process alive while this timer is pending (the default). */
  ref?(): unknown;
}

/** The longest delay `setTimeout` honours (2^31−1 ms); Node fires a longer one after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A time source and its timers: `now()` and `setTimeout` are all a scheduler needs. */
export interface Clock {
  /** Wall-clock time in ms since the epoch: what timetables are expressed in. */
  now(): number;
  /** A monotonic ms reading for measuring durations; only differences are meaningful. */
  monotonic(): number;
  /** Calls `callback` once, after `ms` (never more than `MAX_TIMER_MS`: the scheduler caps it). */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer of `setTimeout`. */
  clearTimeout(handle: TimerHandle): void;
  /**
   * Optional, for the alarm's precise wake (see `Alarm`): `true` when the clock's timers are the
   * runtime's own, so that real time passes between loop turns and a wake may come 1 ms early and
   * finish the wait by polling `now()` from `setImmediate`. A timer alone fires on whole milliseconds
   * of loop time, whose grid is not `Date.now()`'s: ~0.8 ms after the due millisecond on average.
   */
  canPoll?(): boolean;
  /** Calls `callback` on the next loop turn; needed only when `canPoll()` is true. */
  setImmediate?(callback: () => void): TimerHandle;
  /** Cancels a callback of `setImmediate`. */
  clearImmediate?(handle: TimerHandle): void;
  /**
   * Optional: the longest the scheduler's one timer sleeps before it looks at the clock again, in ms.
   * Real timers overflow past 2^31−1 ms and drift across machine suspend, hence the default; a virtual
   * clock's timers do neither, and a test clock sets `Infinity` so that every wake is a planned run.
   * @default 30000
   */
  readonly maxSleep?: number;
  /**
   * Optional, for test clocks (`TestClock` of `crontainer/testing`): called for every run the scheduler
   * starts, with the task's key and a promise that resolves (never rejects) once the run's outcome is
   * recorded, so that moving the clock on can await the runs that fell due.
   */
  trackRun?(key: string, settled: Promise<void>): void;
}

/**
 * The runtime's own `setTimeout`, as found when this module loaded. Fake timers installed later (or any
 * wrapper) replace the global, and under them time does not pass between loop turns: polling would
 * spin at one instant, and waking early would reorder timers due at the same millisecond.
 */
const runtimeSetTimeout = globalThis.setTimeout;

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
  canPoll: () => globalThis.setTimeout === runtimeSetTimeout,
  setImmediate: (callback) => globalThis.setImmediate(callback),
  clearImmediate: (handle) => {
    globalThis.clearImmediate(handle as ReturnType<typeof globalThis.setImmediate>);
  },
};
