/**
 * Every error crontainer throws or reports is a {@link SchedulerError}. Each subclass builds its own
 * message from structured fields, so the wording lives here once and callers (and tests) can rely on
 * `error.key` and `error.option` instead of matching text.
 */

/** Describes a value for a message: `-1 (number)`, `"5x" (string)`, `Invalid Date (Date)`. */
export function describeValue(value: unknown): string {
  if (value instanceof Date)
    return `${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()} (Date)`;
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`;
  if (typeof value === 'function') return `a function`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'undefined':
      return `${String(value)} (${typeof value})`;
    default:
      return 'an object';
  }
}

/** Base class of every crontainer error. `key` names the task concerned, when there is one. */
export class SchedulerError extends Error {
  override name = 'SchedulerError';
  /** The key of the task the error is about, or `undefined` for scheduler-wide errors. */
  readonly key: string | undefined;

  constructor(message: string, key?: string, options?: ErrorOptions) {
    super(message, options);
    this.key = key;
  }
}

/**
 * An option (or the task function) was rejected at `add`, decoration, bootstrap, override or edit.
 * The message reads `Task "key": options.interval must be …, got -1 (number)`.
 */
export class InvalidTaskOptionsError extends SchedulerError {
  override name = 'InvalidTaskOptionsError';
  /** The offending option, e.g. `interval`, or `fn` for the task function itself. */
  readonly option: string;
  /** The value that was rejected. */
  readonly value: unknown;

  /** `problem` completes the sentence after the option's name, e.g. `must be an integer ≥ 1, got 0`. */
  constructor(key: string, option: string, value: unknown, problem: string, options?: ErrorOptions) {
    super(
      `Task "${key}": ${option === 'fn' ? 'the task function' : `options.${option}`} ${problem}`,
      key,
      options,
    );
    this.option = option;
    this.value = value;
  }

  /** The usual case: the value is not what the option takes. */
  static expected(key: string, option: string, expected: string, value: unknown): InvalidTaskOptionsError {
    return new InvalidTaskOptionsError(
      key,
      option,
      value,
      `must be ${expected}, got ${describeValue(value)}`,
    );
  }

  /** Two options that cannot be given together, e.g. `interval` and `cron`. */
  static conflict(key: string, option: string, other: string, value: unknown): InvalidTaskOptionsError {
    return new InvalidTaskOptionsError(key, option, value, `cannot be combined with options.${other}`);
  }
}

/** A task key is already taken, by this scheduler or (at bootstrap) by another decorated class. */
export class DuplicateTaskError extends SchedulerError {
  override name = 'DuplicateTaskError';
  /** Where the key was declared twice (class names), when known. */
  readonly owners: readonly string[];

  constructor(key: string, owners: readonly string[] = []) {
    super(
      owners.length > 0
        ? `Task "${key}" is declared by both ${owners.join(' and ')}; give one of them another key`
        : `Task "${key}" already exists; remove it first or choose another key`,
      key,
    );
    this.owners = owners;
  }
}

/** No task with that key (restart of a removed or never-added task). */
export class TaskNotFoundError extends SchedulerError {
  override name = 'TaskNotFoundError';

  constructor(key: string) {
    super(`Task "${key}" does not exist`, key);
  }
}

/** An option of an active task was edited; stop the task first, then edit, then restart. */
export class TaskActiveError extends SchedulerError {
  override name = 'TaskActiveError';
  readonly option: string;

  constructor(key: string, option: string) {
    super(`Task "${key}" is active: stop it before editing ${option}, then restart it`, key);
    this.option = option;
  }
}

/** A run was still going when its `timeout` ran out. */
export class TaskTimeoutError extends SchedulerError {
  override name = 'TaskTimeoutError';
  readonly timeout: number;

  constructor(key: string, timeout: number) {
    super(`Task "${key}" timed out after ${timeout} ms`, key);
    this.timeout = timeout;
  }
}

/** The worker thread or child process running a task died before the run ended. */
export class WorkerCrashedError extends SchedulerError {
  override name = 'WorkerCrashedError';

  constructor(key: string, detail: string, options?: ErrorOptions) {
    super(`Task "${key}": its worker crashed (${detail})`, key, options);
  }
}

/** `stop(key, { abort: true })` aborted the task's run in flight. */
export class TaskStoppedError extends SchedulerError {
  override name = 'TaskStoppedError';

  constructor(key: string) {
    super(`Task "${key}" was stopped and its run aborted`, key);
  }
}

/** The scheduler is closing or closed: the run was aborted, or the call came too late. */
export class SchedulerClosedError extends SchedulerError {
  override name = 'SchedulerClosedError';

  constructor(key?: string) {
    super(key === undefined ? 'The scheduler is closed' : `Task "${key}": the scheduler is closed`, key);
  }
}

/**
 * `@Scheduled` was put somewhere other than an instance method. A `TypeError`, as for any misuse of a
 * decorator, thrown while the class is being defined; `place` is e.g. `Cache.size`, `class Cache`.
 */
export function misplacedDecoratorError(place: string, problem: string): TypeError {
  return new TypeError(`@Scheduled on ${place}: ${problem}; put it on a method of the class`);
}

/**
 * A schedule override names a task key that no scheduled method has. It is refused rather than
 * ignored: a typo in configuration would otherwise leave the task running on its old schedule.
 */
export class UnknownOverrideError extends SchedulerError {
  override name = 'UnknownOverrideError';
  /** The keys that overrides may name: every task bootstrap found in the container. */
  readonly knownKeys: readonly string[];

  constructor(key: string, knownKeys: readonly string[]) {
    super(
      `Schedule override for "${key}": no scheduled task has this key (known keys: ${
        knownKeys.length > 0 ? knownKeys.join(', ') : 'none'
      })`,
      key,
    );
    this.knownKeys = knownKeys;
  }
}

/**
 * A worker pool setting (`workers` of `new Scheduler()` / `bootstrap()`) was rejected. The message reads
 * `workers.threads.max must be an integer ≥ 1, got 0 (number)`.
 */
export class InvalidWorkerSettingsError extends SchedulerError {
  override name = 'InvalidWorkerSettingsError';
  /** The offending setting's path, e.g. `threads.max`. */
  readonly option: string;
  readonly value: unknown;

  constructor(option: string, expected: string, value: unknown) {
    super(`workers.${option} must be ${expected}, got ${describeValue(value)}`);
    this.option = option;
    this.value = value;
  }
}

/**
 * Cluster mode: the coordinator's store (Redis) could not be reached or did not answer in time. Runs
 * that could not be claimed do not start; the scheduler reports it through `coordinatorError`.
 */
export class CoordinatorUnavailableError extends SchedulerError {
  override name = 'CoordinatorUnavailableError';

  constructor(detail: string, options?: ErrorOptions) {
    super(`The cluster coordinator is unavailable (${detail})`, undefined, options);
  }
}

// Errors of THREAD and PROCESS runs and of their workers.

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
  readonly option = 'fn';
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
