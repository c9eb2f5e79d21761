import type { ResolvedTaskOptions } from '../options/task-options.js';
import type { Clock } from './clock.js';
import type { SkipReason } from './events.js';
import type { TaskRecord } from './task.js';
import type { Timetable } from './timetable.js';

/**
 * What decides whether a task's planned runs start, and on which timetable. The scheduler asks its
 * gate at every (re)start and at every planned run that falls due; `LocalGate` always lets the run
 * start, on the task's own timetable, and cluster mode's gate (`ClusterLink`) asks the coordinator.
 * A gate reads task records but writes none of their fields: it answers through the `GateHost` the
 * scheduler gives it, whose hooks are the only writers of a task's state.
 */
export interface RunGate {
  /** The clock the scheduler plans on (in cluster mode the store's, as measured here). */
  readonly clock: Clock;
  /** The task (re)started: put it on its timetable, now or once agreed. */
  start(record: TaskRecord, restarting: boolean): void;
  /**
   * Resolves once the task is on its timetable (at once when nothing is pending); rejects with
   * `SchedulerClosedError` when the scheduler closed first.
   */
  started(key: string): Promise<void>;
  /**
   * Planned run `plannedAt` of an active task is due (`now`, on `clock`): plan its successor and
   * start the run, or report why not.
   */
  due(record: TaskRecord, plannedAt: number, now: number): void;
  /** The task was stopped or removed here (by the user). */
  ended(command: 'stop' | 'remove', key: string): void;
  /** The scheduler is closing and starts no more runs (its runs in flight still go). */
  closing(): void;
  /** Runs have drained: release what the gate holds. */
  close(): Promise<void>;
}

/** Figures a gate learned elsewhere (the cluster's): the run count and when the last run started. */
export interface TaskFigures {
  readonly runCount: number;
  readonly lastRunAt: number | undefined;
}

/**
 * The scheduler's hooks for its gate: narrow and synchronous, so that the gate knows nothing of
 * queues and events and the scheduler nothing of claims.
 */
export interface GateHost {
  /** The record of `key`, if the scheduler has the task. */
  record(key: string): TaskRecord | undefined;
  /** What every (re)start does to a record: new generation, active, counters back to 0. */
  reset(record: TaskRecord): void;
  /** Takes the task off the due queue without completing it (its timetable is not agreed yet). */
  hold(record: TaskRecord): void;
  /**
   * Puts the task on `timetable`, first planned run at `first`; `options` are the ones now in force
   * when they are not the task's own (the cluster's timing options), `figures` the counts to start from.
   */
  begin(
    record: TaskRecord,
    timetable: Timetable,
    first: number | undefined,
    options?: ResolvedTaskOptions,
    figures?: TaskFigures,
  ): void;
  /** Queues the task's next planned run. */
  plan(record: TaskRecord, due: number): void;
  /** The planned run being decided is the task's last: off the queue, complete when its runs end. */
  last(record: TaskRecord): void;
  /** Starts run number `runNumber`; its `done` (made only when read) settles when the run ended. */
  run(record: TaskRecord, runNumber: number, plannedAt: number): { readonly done: Promise<void> };
  /** Reports a planned run that does not start here. */
  skip(record: TaskRecord, plannedAt: number, reason: SkipReason): void;
  /** Records figures learned elsewhere. */
  learn(record: TaskRecord, figures: TaskFigures): void;
  /** No further runs: the task completes now, or when its run in flight ends. */
  exhaust(record: TaskRecord): void;
  /** Stops or removes the task here only (the command came from elsewhere). */
  stop(key: string): void;
  remove(key: string): void;
  /** Reports that the store is unreachable (`coordinatorError`). */
  error(error: unknown): void;
}
