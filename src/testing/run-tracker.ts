/**
 * The runs a `TestClock` has seen start and not yet seen settle, and the wait that lets them settle
 * before virtual time moves on. Real work (promise callbacks, I/O, an import) takes no virtual time, so
 * the clock waits for it; but a run that only the test can release (a promise it resolves after
 * `advance`) or only later virtual time can end (its `timeout`) would make that wait endless. Such a run
 * is recognised by real time: once none of the runs waited for has settled for `settleTimeout` ms, the
 * rest are marked held, are no longer waited for, and are reported as pending.
 */

/** The runtime's own timers, as found when this module loaded: fake timers installed later do not stop the wait. */
const runtimeSetImmediate = globalThis.setImmediate;
const runtimeSetTimeout = globalThis.setTimeout;
const runtimeClearTimeout = globalThis.clearTimeout;

/** One turn of the event loop: every promise callback and `nextTick` queued so far has run after it. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    runtimeSetImmediate(resolve);
  });
}

/** `true` once one of `runs` settled, `false` if none did within `ms` of real time. */
function anySettles(runs: readonly Promise<void>[], ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = runtimeSetTimeout(resolve, ms, false);
    // The wait never keeps a process alive by itself.
    timer.unref();
  });
  return Promise.race([Promise.race(runs).then(() => true), expired]).finally(() => {
    runtimeClearTimeout(timer);
  });
}

interface TrackedRun {
  readonly key: string;
  readonly settled: Promise<void>;
  /** Waited for `settleTimeout` without settling: waiting on the test or on later virtual time. */
  held: boolean;
}

/** A `TestClock`'s runs in flight: counted as they start, forgotten as they settle. */
export class RunTracker {
  readonly #settleTimeout: number;
  readonly #runs = new Set<TrackedRun>();
  #started = 0;

  constructor(settleTimeout: number) {
    this.#settleTimeout = settleTimeout;
  }

  /** Runs started since the tracker was made. */
  get started(): number {
    return this.#started;
  }

  /** The task keys of the runs in flight, one per run, in the order they started. */
  get pending(): string[] {
    return [...this.#runs].map((run) => run.key);
  }

  /** A run started; it leaves the tracker when `settled` resolves. */
  track(key: string, settled: Promise<void>): void {
    const run: TrackedRun = { key, settled, held: false };
    this.#runs.add(run);
    this.#started += 1;
    const forget = (): void => {
      this.#runs.delete(run);
    };
    settled.then(forget, forget);
  }

  /**
   * Waits for the runs in flight to settle, except held ones: resolves when none is left, or when
   * `settleTimeout` ms of real time passed with none of them settling (those are then held).
   */
  async settle(): Promise<void> {
    // Nothing in flight: only promise callbacks may be pending. Most timers a scheduler arms start
    // nothing (it wakes every 30 s to look at the clock), and a week of them must not take a second.
    if (this.#runs.size === 0) {
      await Promise.resolve();
      return;
    }
    await nextTurn();
    for (;;) {
      const waiting = [...this.#runs].filter((run) => !run.held);
      if (waiting.length === 0) return;
      const progressed = await anySettles(
        waiting.map((run) => run.settled),
        this.#settleTimeout,
      );
      // What settling set off (the scheduler's events, their listeners) finishes before the next look.
      await nextTurn();
      if (!progressed) {
        for (const run of waiting) run.held = true;
        return;
      }
    }
  }
}
