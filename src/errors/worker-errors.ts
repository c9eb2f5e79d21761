/** Errors of THREAD and PROCESS runs and of their workers. */
import { SchedulerError } from './scheduler-error.js';

/** Which pool a worker error comes from. */
export type WorkerRunType = 'THREAD' | 'PROCESS';

/**
 * A worker thread or child process failed while none of its runs was in flight: it threw or rejected
 * from a timer or callback after its run returned, called `process.exit()`, was killed from outside
 * (the OOM killer), or could not start (a thread over `threads.resourceLimits`). No run failed with it;
 * the pool starts a new worker as its `min` size requires, or for the next run. Reported through the
 * scheduler's `workerError` event (logged when nobody listens), never thrown. `key` is `undefined`.
 * (Runs that were waiting for a worker that could not start fail with `WorkerCrashedError` instead.)
 */
export class WorkerError extends SchedulerError {
  override name = 'WorkerError';
  /** The pool the worker belonged to. */
  readonly runType: WorkerRunType;

  /** `detail` says what happened, e.g. `child process 4242 was killed by SIGKILL`. */
  constructor(runType: WorkerRunType, detail: string, options?: ErrorOptions) {
    super(
      `A ${runType} worker failed outside a run (${detail}); the pool replaces it when needed`,
      undefined,
      options,
    );
    this.runType = runType;
  }
}

/**
 * The worker pool for a THREAD or PROCESS run could not be started (the built worker is missing, or
 * the pool refused its settings). The run fails; the next run tries again.
 */
export class WorkerStartError extends SchedulerError {
  override name = 'WorkerStartError';
  /** The pool that could not start. */
  readonly runType: WorkerRunType;

  constructor(key: string, runType: WorkerRunType, detail: string, options?: ErrorOptions) {
    super(`Task "${key}": the ${runType} worker pool could not start (${detail})`, key, options);
    this.runType = runType;
  }
}

/**
 * crontainer runs from its TypeScript sources (its own tests) and its built worker is not there: THREAD
 * and PROCESS workers can only load JavaScript. `key` is `undefined`: this is about the install, and
 * the run that needed it fails with a `WorkerStartError` that has this error as its `cause`.
 */
export class WorkerBuildMissingError extends SchedulerError {
  override name = 'WorkerBuildMissingError';
  /** Where the built worker was looked for. */
  readonly path: string;

  constructor(path: string) {
    super(`THREAD and PROCESS runs need the built worker ${path}; run \`npm run build\``);
    this.path = path;
  }
}

/**
 * The task function (option `fn`) of a run cannot be called where the run goes: a runner got a target
 * of the wrong kind, or the worker found no such export, class or method. `problem` completes the
 * sentence, e.g. `file:///app/jobs.js has no function export "rebuild"`.
 */
export class TaskTargetError extends SchedulerError {
  override name = 'TaskTargetError';
  /** The setting at fault: always `fn`, the task's function or reference. */
  readonly option = 'fn';
  /** The run type the target cannot run as. */
  readonly runType: 'ASYNC' | WorkerRunType;

  constructor(key: string, runType: 'ASYNC' | WorkerRunType, problem: string) {
    super(`Task "${key}": options.fn cannot run as ${runType}: ${problem}`, key);
    this.runType = runType;
  }
}

/**
 * What a THREAD or PROCESS run returned could not be sent to the parent: THREAD results cross as
 * structured clones, PROCESS results as V8 serialisation, and symbols, functions, Proxies, getters that
 * throw and some host objects (a `Blob`, a `KeyObject` to a child process) do not. The run fails with
 * this error; the worker lives on. (`what: 'thrown value'` is the last resort for a thrown value that
 * could not even be described.)
 */
export class UncrossableValueError extends SchedulerError {
  override name = 'UncrossableValueError';
  /** The pool the value could not cross from. */
  readonly runType: WorkerRunType;
  /** Which of the run's values could not cross. */
  readonly what: 'return value' | 'thrown value';

  constructor(
    key: string,
    runType: WorkerRunType,
    what: 'return value' | 'thrown value',
    detail: string,
    options?: ErrorOptions,
  ) {
    const from = runType === 'THREAD' ? 'thread' : 'child process';
    super(
      `Task "${key}": its ${what} cannot cross from the ${from} to the parent (${detail})` +
        (what === 'return value' ? '; return structured-cloneable data' : '; throw an Error'),
      key,
      options,
    );
    this.runType = runType;
    this.what = what;
  }
}
