/**
 * crontainer's public API. Internals are never exported from here; everything below is documented
 * where it is declared.
 *
 * @module crontainer
 */
export { Scheduler } from './scheduler/scheduler.js';
export type {
  SchedulerOptions,
  StopOptions,
  CloseOptions,
  SchedulerLogger,
  TaskSource,
} from './scheduler/scheduler-options.js';
export { Task } from './scheduler/task.js';
export type { TaskStatus } from './scheduler/task.js';
export type { TaskJSON, ErrorJSON } from './scheduler/task-json.js';
export type { TaskContext } from './shared/task-context.js';
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
export type { WorkerSettings, PoolSize, ThreadPoolSize } from './runners/runners.js';
export type { InlineRunSettings } from './runners/inline-runner.js';
export type { Coordinator } from './cluster/coordinator.js';
export type { ScheduledOptions } from './decorators/metadata.js';
export { Scheduled } from './decorators/scheduled.js';
export type { ScheduledDecorator } from './decorators/scheduled.js';
export { bootstrap } from './bootstrap/bootstrap.js';
export type { BootstrapOptions } from './bootstrap/bootstrap-options.js';
export { App } from './bootstrap/app.js';
export { isCrontainerWorker } from './runners/worker-realm.js';
export type { Logger } from './bootstrap/logger.js';
export { SCHEDULE_OVERRIDES } from './bootstrap/overrides.js';
export type { ScheduleOverrides, ScheduleOverride } from './bootstrap/overrides.js';
export {
  SchedulerError,
  InvalidTaskOptionsError,
  DuplicateTaskError,
  TaskNotFoundError,
  TaskActiveError,
  TaskTimeoutError,
  WorkerCrashedError,
  SchedulerClosedError,
  TaskStoppedError,
  UnknownOverrideError,
  InvalidSettingsError,
  InvalidWorkerSettingsError,
  InvalidOverridesError,
  MisplacedDecoratorError,
  CoordinatorUnavailableError,
  DuplicateTsyringeError,
  MissingDecoratorMetadataError,
  TestKitError,
  WorkerError,
  WorkerStartError,
  WorkerBuildMissingError,
  TaskTargetError,
  UncrossableValueError,
  CoordinatorInUseError,
  InvalidCoordinatorOptionsError,
} from './errors.js';
export type { PackageCopy, SettingsErrorClass, WorkerRunType } from './errors.js';
