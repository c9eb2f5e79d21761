import { SchedulerClosedError } from '../errors.js';
import { MAX_TIMER_MS, type Clock, type TimerHandle } from './clock.js';
import type { RunAbort } from './run-abort.js';

/** A run in flight, as shutdown sees it. */
export interface InFlightRun {
  /** The task's key, for the abort reason. */
  readonly key: string;
  readonly controller: RunAbort;
  /** Settles once the run's outcome is recorded. */
  readonly done: Promise<void>;
}

/**
 * Waits for the runs up to `timeout` ms, then aborts those still going with a `SchedulerClosedError`
 * naming their task, and waits for their bookkeeping (an aborted run settles at once, see RunExecution).
 * A timeout of 0 aborts at once without a timer: under fake timers or a test clock that nobody moves
 * on, a 0 ms timer never fires, and `close({ timeout: 0 })` in a test's `afterEach` would never settle.
 */
export async function drainRuns(
  runs: ReadonlySet<InFlightRun>,
  timeout: number,
  clock: Clock,
): Promise<void> {
  if (runs.size === 0) return;
  if (timeout > 0) await settledOrExpired(runs, timeout, clock);
  const remaining = [...runs];
  for (const run of remaining) run.controller.abort(new SchedulerClosedError(run.key));
  await Promise.all(remaining.map((run) => run.done));
}

/** Resolves when every run settled or `timeout` ms passed on `clock`, whichever comes first. */
async function settledOrExpired(
  runs: ReadonlySet<InFlightRun>,
  timeout: number,
  clock: Clock,
): Promise<void> {
  let timer: TimerHandle | undefined;
  const expired = new Promise<void>((resolve) => {
    // A longer (or infinite) timeout arms no timer at all: it means "wait for the runs".
    if (timeout <= MAX_TIMER_MS) timer = clock.setTimeout(resolve, timeout);
  });
  await Promise.race([Promise.all([...runs].map((run) => run.done)), expired]);
  if (timer !== undefined) clock.clearTimeout(timer);
}
