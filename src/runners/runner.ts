import type { TaskContext } from '../shared/task-context.js';

/**
 * What a run executes, after validation. A closure can only run in the event loop; threads and child
 * processes receive a module to import (and, for decorated methods, the class to resolve there).
 */
export type RunTarget = FunctionTarget | ModuleTarget | ServiceMethodTarget;

/** A function run in the event loop. */
export interface FunctionTarget {
  readonly kind: 'function';
  readonly fn: (...args: never[]) => unknown;
}

/** A module's export, imported and called in a worker. */
export interface ModuleTarget {
  readonly kind: 'module';
  readonly url: string;
  readonly exportName: string;
}

/** A `@Scheduled` method, called on the service the worker rebuilds from its own container. */
export interface ServiceMethodTarget {
  readonly kind: 'service-method';
  /** URL of the module that defines the class. */
  readonly url: string;
  readonly className: string;
  readonly methodName: string;
  /**
   * The function as the task was given (bootstrap's copy bound to the app's instance, or the method of
   * the prototype), for runners that call it in this process (`runInline`). It never crosses: the pools
   * send the other fields only, and on the worker's side it is absent.
   */
  readonly fn?: (...args: never[]) => unknown;
}

/** One run, as the scheduler hands it to a runner. */
export interface RunRequest {
  readonly target: RunTarget;
  readonly context: TaskContext;
  readonly args: readonly unknown[];
}

/**
 * Executes runs somewhere (the event loop, a thread pool, a process pool). A runner knows nothing of
 * timetables: it takes one run and settles with its result or error. It must watch
 * `request.context.signal`: once aborted, the run's outcome no longer matters to the scheduler, and a
 * runner that can end the run (a worker) should.
 */
export interface Runner {
  run(request: RunRequest): Promise<unknown>;
  /** Ends every worker; runs still going are failed. Idempotent. */
  close(): Promise<void>;
}
