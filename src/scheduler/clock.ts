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

export interface Clock {
  /** Wall-clock time in ms since the epoch: what timetables are expressed in. */
  now(): number;
  /** A monotonic ms reading for measuring durations; only differences are meaningful. */
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};
