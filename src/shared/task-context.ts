/*
 * The contract between the scheduler, which makes a run's context, and the runners and task options,
 * which hand it to the task: kept here so that none of them imports another for it.
 */

/** What every run receives as its first argument. */
export interface TaskContext<App = unknown> {
  /** The `App` when the scheduler was started by `bootstrap`, else the scheduler's `app` option. */
  readonly app: App | undefined;
  /** The task's key. */
  readonly key: string;
  /** 1-based number of this run (cluster-wide in cluster mode). */
  readonly runNumber: number;
  /** The planned time of this run (a late run keeps the time it was planned for). */
  readonly scheduledAt: Date;
  /** Aborted when the run times out, and when the scheduler shuts down. */
  readonly signal: AbortSignal;
}
