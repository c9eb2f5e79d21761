import type { Coordinator } from '../cluster/coordinator.js';
import type { ModuleReference, RunType, TaskFunction } from '../options/task-options.js';
import type { InlineRunSettings } from '../runners/inline-runner.js';
import type { RunnerFactory, WorkerSettings } from '../runners/runners.js';
import type { Clock } from './clock.js';

/**
 * Where the scheduler reports what nobody else would see (task errors without a listener). Called as
 * `error({ key, err }, message)` if it is a pino logger, else as `error(message, err)` (see `Logger`).
 */
export interface SchedulerLogger {
  /** Receives failed runs nobody listens for and throwing listeners. */
  error(message: string, ...meta: unknown[]): void;
}

/** Options of `new Scheduler()`. */
export interface SchedulerOptions {
  /** Time source, for tests. @default the system clock */
  readonly clock?: Clock;
  /** Passed to every run as `ctx.app`. @default undefined */
  readonly app?: unknown;
  /** Pool settings for THREAD and PROCESS runs. */
  readonly workers?: WorkerSettings;
  /** Cluster mode: claims each planned run before it starts (see `crontainer/redis`). */
  readonly coordinator?: Coordinator;
  /** Receives errors of runs nobody listens for (`taskError`) and of throwing listeners. @default console */
  readonly logger?: SchedulerLogger;
  /**
   * For tests: THREAD and PROCESS runs are called in this process instead of a worker, with their args,
   * results and errors structured-cloned as a worker's would be (see `InlineRunSettings`). @default false
   */
  readonly runInline?: boolean | InlineRunSettings;
  /** @internal Runner factories by run type; the THREAD and PROCESS pools are plugged in here. */
  readonly runnerFactories?: Partial<Record<RunType, RunnerFactory>>;
}

/** Options of `Scheduler.close()`. */
export interface CloseOptions {
  /** How long in-flight runs are awaited before their signals are aborted, in ms. @default 10000 */
  readonly timeout?: number;
}

/** Options of `Scheduler.stop()`. */
export interface StopOptions {
  /** Abort the run in flight (its signal, and its worker if it does not stop). @default false */
  readonly abort?: boolean;
}

/** What `add` takes as the task: a function for ASYNC, a module reference or decorated method otherwise. */
export type TaskSource = TaskFunction | ModuleReference;
