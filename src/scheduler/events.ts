import type { WorkerError, WorkerRunType } from '../errors.js';
import type { Task } from './task.js';

/** One run of a task, as events report it. */
export interface RunInfo {
  /** 1-based number of the run. */
  readonly runNumber: number;
  /** The planned time of the run. */
  readonly scheduledAt: Date;
}

/** A run that ended. */
export interface RunEnd extends RunInfo {
  /** How long the run took, in ms. */
  readonly duration: number;
}

/** Why a planned run did not start. */
export type SkipReason = 'overlap' | 'claimed-elsewhere';

/** The events a `Scheduler` emits, with their arguments. */
export interface SchedulerEvents {
  /** A run starts. */
  taskStart: [task: Task, run: RunInfo];
  /** A run ended without error; `value` is what the task returned. */
  taskSuccess: [
    task: Task,
    run: RunEnd & {
      /** What the task returned (resolved to). */
      readonly value: unknown;
    },
  ];
  /** A run threw, rejected, timed out (`TaskTimeoutError`) or lost its worker (`WorkerCrashedError`). */
  taskError: [task: Task, error: unknown, run: RunEnd];
  /**
   * A planned run did not start here: the previous one was still going (`overlap`), or, in cluster
   * mode, another instance owns the task or claimed that run (`claimed-elsewhere`).
   */
  taskSkip: [
    task: Task,
    skip: {
      /** The planned time of the run that did not start. */
      readonly scheduledAt: Date;
      /** Why it did not start. */
      readonly reason: SkipReason;
    },
  ];
  /** The task made its last run (its `runs`, or the end of its timetable) and is no longer active. */
  taskComplete: [task: Task];
  /** The task was removed from `Scheduler.tasks`. */
  taskRemove: [task: Task];
  /** Cluster mode: the coordinator could not reach its store; runs it cannot claim do not start. */
  coordinatorError: [error: unknown];
  /**
   * A worker thread or child process failed while no run was in flight on it (it threw from a timer
   * after its run returned, exited, was killed from outside, could not start). No task failed; the pool
   * replaces the worker. Logged when nobody listens. A worker dying during a run fails that run instead
   * (`taskError` with `WorkerCrashedError`).
   */
  workerError: [
    error: WorkerError,
    worker: {
      /** The pool the failed worker belonged to. */
      readonly runType: WorkerRunType;
    },
  ];
}
