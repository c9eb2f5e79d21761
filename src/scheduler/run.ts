import { TaskTimeoutError } from '../errors.js';
import type { Runner, RunRequest } from '../runners/runner.js';
import { MAX_TIMER_MS, type Clock, type TimerHandle } from './clock.js';
import type { InFlightRun } from './drain.js';
import { RunAbort } from './run-abort.js';

/** How a run ended. */
export type RunOutcome =
  | { readonly ok: true; readonly value: unknown; readonly duration: number }
  | { readonly ok: false; readonly error: unknown; readonly duration: number };

/**
 * One run in flight. It always settles with an outcome, never a rejection, and reports it once to
 * `onSettled`. A run ends when the task settles, or when its signal is aborted (timeout or shutdown):
 * an aborted run counts as failed at that moment, whatever the task does afterwards, so a hung task
 * cannot hold its slot forever.
 *
 * One object carries what a run needs (its abort switch, timeout timer, start time, and the in-flight
 * entry shutdown drains), and `done` is made only when somebody waits for it: 1,000 runs due together
 * start from one timer callback, and every object a run start allocates is still alive when the young
 * generation is collected during that callback, which is what makes the first, cold ticks late.
 */
export class RunExecution implements InFlightRun {
  readonly controller = new RunAbort();
  /** The task's key, for the timeout's and shutdown's errors. */
  readonly key: string;
  readonly #clock: Clock;
  readonly #onSettled: (run: RunExecution, outcome: RunOutcome) => void;
  #started = 0;
  #timer: TimerHandle | undefined;
  /** The outcome is decided: later answers of the task are ignored. */
  #settled = false;
  /** The outcome was handed to `onSettled`. */
  #reported = false;
  #done: Promise<void> | undefined;
  #resolveDone: (() => void) | undefined;

  constructor(key: string, clock: Clock, onSettled: (run: RunExecution, outcome: RunOutcome) => void) {
    this.key = key;
    this.#clock = clock;
    this.#onSettled = onSettled;
  }

  /** Settles once the outcome was reported to `onSettled`. */
  get done(): Promise<void> {
    if (this.#reported) return Promise.resolve();
    this.#done ??= new Promise<void>((resolve) => {
      this.#resolveDone = resolve;
    });
    return this.#done;
  }

  /** Starts the run; its signal is aborted `timeout` ms later if it is still going. */
  start(runner: Runner, request: RunRequest, timeout: number | undefined): void {
    this.#started = this.#clock.monotonic();
    if (timeout !== undefined) this.#armTimeout(timeout);
    this.controller.onAbort((reason) => {
      // Reported a microtask later, so the signal's own listeners (called right after this one) see
      // the abort before the scheduler reports the run failed.
      this.#finish(false, reason, true);
    });
    runner.run(request).then(
      (value: unknown) => {
        this.#finish(true, value, false);
      },
      (error: unknown) => {
        this.#finish(false, error, false);
      },
    );
  }

  /** A timeout beyond setTimeout's limit is waited for in steps, each measuring what is left. */
  #armTimeout(limit: number): void {
    const left = limit - (this.#clock.monotonic() - this.#started);
    const capped = left > MAX_TIMER_MS;
    this.#timer = this.#clock.setTimeout(
      () => {
        if (capped) this.#armTimeout(limit);
        else this.controller.abort(new TaskTimeoutError(this.key, limit));
      },
      capped ? MAX_TIMER_MS : left,
    );
  }

  #finish(ok: boolean, result: unknown, deferred: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.controller.onAbort(undefined);
    const duration = this.#clock.monotonic() - this.#started;
    const outcome: RunOutcome = ok
      ? { ok: true, value: result, duration }
      : { ok: false, error: result, duration };
    if (deferred) {
      // A promise job rather than `queueMicrotask`, which fake timers can be told to replace (and then
      // hold until the test ticks): an aborted run, e.g. at `close`, must be reported regardless.
      void Promise.resolve().then(() => {
        this.#report(outcome);
      });
    } else this.#report(outcome);
  }

  #report(outcome: RunOutcome): void {
    try {
      this.#onSettled(this, outcome);
    } finally {
      this.#reported = true;
      this.#resolveDone?.();
      this.#resolveDone = undefined;
    }
  }
}
