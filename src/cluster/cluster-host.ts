import type { SkipReason } from '../scheduler/events.js';
import type { TaskRecord } from '../scheduler/task.js';
import type { Timetable } from '../scheduler/timetable.js';

/**
 * What the link needs from its scheduler: narrow, synchronous hooks onto the scheduler's own state
 * machine, so that the scheduler knows nothing of claims and the link nothing of queues and events.
 */
export interface ClusterHost {
  /** The record of `key`, if the scheduler has the task. */
  record(key: string): TaskRecord | undefined;
  /** What every (re)start does to a record: new generation, active, counters back to 0. */
  reset(record: TaskRecord): void;
  /** Takes the task off the due queue without completing it (its timetable is not agreed yet). */
  hold(record: TaskRecord): void;
  /** Puts the task on its agreed timetable, first planned run at `first`. */
  begin(record: TaskRecord, timetable: Timetable, first: number): void;
  /** Queues the task's next planned run. */
  plan(record: TaskRecord, due: number): void;
  /** Starts a run the cluster granted; resolves when it ended. */
  run(record: TaskRecord, runNumber: number, plannedAt: number): Promise<void>;
  /** Reports a planned run that does not start here. */
  skip(record: TaskRecord, plannedAt: number, reason: SkipReason): void;
  /** No further runs: the task completes now, or when its run in flight ends. */
  exhaust(record: TaskRecord): void;
  /** Stops or removes the task here only (the command came from the cluster). */
  stop(key: string): void;
  remove(key: string): void;
  /** Reports that the store is unreachable (`coordinatorError`). */
  error(error: unknown): void;
}
