/**
 * crontainer's public API. Internals are never exported from here; everything below is documented
 * where it is declared.
 */
export { Scheduler } from './scheduler/scheduler.js';
export type { SchedulerOptions, CloseOptions, SchedulerLogger, TaskSource } from './scheduler/scheduler.js';
export { Task } from './scheduler/task.js';
export type { TaskStatus } from './scheduler/task.js';
export type { TaskContext } from './scheduler/task-context.js';
export type { SchedulerEvents, RunInfo, RunEnd, SkipReason } from './scheduler/events.js';
export type { Clock, TimerHandle } from './scheduler/clock.js';
export type {
  TaskOptions,
  RunType,
  OverlapPolicy,
  Duration,
  TaskFunction,
  ModuleReference,
} from './options/task-options.js';
export type { WorkerSettings, PoolSize } from './runners/runners.js';
export type { Coordinator } from './cluster/coordinator.js';
export type { ScheduledOptions } from './decorators/metadata.js';
export {
  SchedulerError,
  InvalidTaskOptionsError,
  DuplicateTaskError,
  TaskNotFoundError,
  TaskActiveError,
  TaskTimeoutError,
  WorkerCrashedError,
  SchedulerClosedError,
} from './errors.js';
