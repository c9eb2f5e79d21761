/**
 * Every error crontainer throws or reports is a {@link SchedulerError}. Each subclass builds its own
 * message from structured fields, so the wording lives here once and callers (and tests) can rely on
 * `error.key` and `error.option` instead of matching text.
 */

/**
 * Describes a value for a message: `-1 (number)`, `"5x" (string)`, `Invalid Date (Date)`. It never
 * throws: a Proxy whose traps throw (or a revoked one) is described by its type alone.
 */
export function describeValue(value: unknown): string {
  try {
    return describeReadable(value);
  } catch {
    return typeof value === 'function' ? 'a function' : 'an object';
  }
}

function describeReadable(value: unknown): string {
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

/** What went wrong while reading a value, for a message: an error's message, else its description. */
function describeCause(cause: unknown): string {
  try {
    return cause instanceof Error ? `${cause.name}: ${cause.message}` : describeValue(cause);
  } catch {
    return describeValue(cause);
  }
}

/** Base class of every crontainer error. `key` names the task concerned, when there is one. */
export class SchedulerError extends Error {
  /** The error's class name, e.g. `SchedulerError`; subclasses set their own. */
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
 * The message reads `Task "key": options.interval must be …, got -1 (number)`. When `key` itself is
 * what was refused, the error's `key` is the one the task would have had otherwise (a uuid, or
 * `Class.method`), and the bad value is quoted once, after "got".
 */
export class InvalidTaskOptionsError extends SchedulerError {
  override name = 'InvalidTaskOptionsError';
  /** The offending option, e.g. `interval`; `fn` for the task function, `options` for the whole object. */
  readonly option: string;
  /** The value that was rejected (`undefined` when it could not be read). */
  readonly value: unknown;

  /** `problem` completes the sentence after the option's name, e.g. `must be an integer ≥ 1, got 0`. */
  constructor(key: string, option: string, value: unknown, problem: string, options?: ErrorOptions) {
    super(`Task "${key}": ${taskOptionSubject(option)} ${problem}`, key, options);
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

  /** A name that is not an option (a typo, usually); `known` lists the names that are. */
  static unknown(
    key: string,
    option: string,
    value: unknown,
    known: readonly string[],
  ): InvalidTaskOptionsError {
    return new InvalidTaskOptionsError(key, option, value, `is not an option (known: ${known.join(', ')})`);
  }

  /** Reading the option (a getter, a Proxy trap) threw `cause`; `option` is `options` for the key list. */
  static unreadable(key: string, option: string, cause: unknown): InvalidTaskOptionsError {
    return new InvalidTaskOptionsError(
      key,
      option,
      undefined,
      `could not be read (${describeCause(cause)})`,
      {
        cause,
      },
    );
  }
}

function taskOptionSubject(option: string): string {
  if (option === 'fn') return 'the task function';
  return option === 'options' ? 'the options' : `options.${option}`;
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
  /** The option that was to be edited. */
  readonly option: string;

  constructor(key: string, option: string) {
    super(`Task "${key}" is active: stop it before editing ${option}, then restart it`, key);
    this.option = option;
  }
}

/** A run was still going when its `timeout` ran out. */
export class TaskTimeoutError extends SchedulerError {
  override name = 'TaskTimeoutError';
  /** The run's `timeout`, in ms. */
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
 * `@Scheduled` was put somewhere other than an instance method; thrown while the class is being
 * defined. `place` is e.g. `Cache.size` or `class Cache`.
 */
export class MisplacedDecoratorError extends SchedulerError {
  override name = 'MisplacedDecoratorError';
  /** Where the decorator was put, e.g. `Cache.size` or `class Cache`. */
  readonly place: string;

  constructor(place: string, problem: string) {
    super(`@Scheduled on ${place}: ${problem}; put it on a method of the class`);
    this.place = place;
  }
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

/** An `InvalidSettingsError` class, for the builders below (`this` in a static method). */
export type SettingsErrorClass<E> = new (
  option: string,
  problem: string,
  value: unknown,
  options?: ErrorOptions,
) => E;

/**
 * A setting other than a task option was refused: of `new Scheduler()` or `bootstrap()` (`clock.now`,
 * `logger`), of `close()` (`close.timeout`) or `stop()` (`stop.abort`), or a key given to
 * `stop`/`restart`/`remove` (`remove.key`). `option` is the setting's path and the message starts
 * with it: `clock.now must be a function, got undefined (undefined)`.
 */
export class InvalidSettingsError extends SchedulerError {
  override name = 'InvalidSettingsError';
  /** The setting's path, e.g. `close.timeout`; `options` (or `close`, `stop` …) for the whole object. */
  readonly option: string;
  /** The value that was rejected (`undefined` when it could not be read). */
  readonly value: unknown;

  /** `problem` completes the sentence after the path, e.g. `must be a boolean, got 1 (number)`. */
  constructor(option: string, problem: string, value: unknown, options?: ErrorOptions) {
    super(`${option} ${problem}`, undefined, options);
    this.option = option;
    this.value = value;
  }

  /** The value is not what the setting takes. */
  static expected<E>(this: SettingsErrorClass<E>, option: string, expected: string, value: unknown): E {
    return new this(option, `must be ${expected}, got ${describeValue(value)}`, value);
  }

  /** A name that is not a setting there (a typo, usually); `known` lists the names that are. */
  static unknown<E>(
    this: SettingsErrorClass<E>,
    option: string,
    value: unknown,
    known: readonly string[],
  ): E {
    return new this(option, `is not a setting (known: ${known.join(', ')})`, value);
  }

  /** Reading the setting (a getter, a Proxy trap) threw `cause`. */
  static unreadable<E>(this: SettingsErrorClass<E>, option: string, cause: unknown): E {
    return new this(option, `could not be read (${describeCause(cause)})`, undefined, { cause });
  }
}

/**
 * A worker pool setting (`workers` of `new Scheduler()` / `bootstrap()`) was rejected. The message reads
 * `workers.threads.max must be an integer ≥ 1, got 0 (number)`; `option` is that path.
 */
export class InvalidWorkerSettingsError extends InvalidSettingsError {
  override name = 'InvalidWorkerSettingsError';
}

/**
 * Schedule overrides that are not a map of options by task key: `bootstrap({ overrides })` (`option` is
 * `overrides`) or a value registered under `SCHEDULE_OVERRIDES` (`SCHEDULE_OVERRIDES[0]`, by
 * registration order). A bad option inside one task's override is an `InvalidTaskOptionsError`.
 */
export class InvalidOverridesError extends InvalidSettingsError {
  override name = 'InvalidOverridesError';
}

/** An option of `new RedisCoordinator()` was rejected; `option` is its path, e.g. `coordinator.prefix`. */
export class InvalidCoordinatorOptionsError extends InvalidSettingsError {
  override name = 'InvalidCoordinatorOptionsError';
}

/** A `RedisCoordinator` was given to a second scheduler: each scheduler (or bootstrap) needs its own. */
export class CoordinatorInUseError extends SchedulerError {
  override name = 'CoordinatorInUseError';

  constructor() {
    super('This RedisCoordinator already serves a scheduler: give each scheduler (or bootstrap) a new one');
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

/** Where one copy of a package is installed, for {@link DuplicateTsyringeError}'s message. */
export interface PackageCopy {
  /** The package's folder. */
  readonly path: string;
  /** Its `version`, when its package.json could be read. */
  readonly version: string | undefined;
}

function describeCopy(copy: PackageCopy): string {
  return copy.version === undefined ? copy.path : `${copy.path} (${copy.version})`;
}

/**
 * Two copies of tsyringe are loaded: one that crontainer imports and another that the app's services
 * (or the container given to `bootstrap`) come from. tsyringe keeps what `@injectable()` learns in
 * module state, so services registered with one copy are unknown to the other: THREAD and PROCESS
 * runs would fail with "TypeInfo not known". tsyringe is a peer dependency; the fix is one install.
 */
export class DuplicateTsyringeError extends SchedulerError {
  override name = 'DuplicateTsyringeError';
  /** `container` when the container given to `bootstrap` is the other copy's, else `undefined`. */
  readonly option: string | undefined;
  /** The decorated class whose module loads the other copy, when that is how it was found. */
  readonly className: string | undefined;
  /** The copy crontainer imports. */
  readonly crontainerCopy: PackageCopy;
  /** The app's other copy, when it could be located. */
  readonly otherCopy: PackageCopy | undefined;

  constructor(found: {
    option?: string;
    className?: string;
    crontainerCopy: PackageCopy;
    otherCopy?: PackageCopy | undefined;
  }) {
    const { option, className, crontainerCopy, otherCopy } = found;
    const where =
      option === undefined
        ? `${className ?? 'a decorated class'} is defined in a module that loads tsyringe from ` +
          (otherCopy === undefined ? 'another folder' : describeCopy(otherCopy))
        : `options.${option} is not a container of that copy` +
          (otherCopy === undefined ? '' : ` (the app's is ${describeCopy(otherCopy)})`);
    super(
      `bootstrap: two copies of tsyringe are loaded. crontainer uses ${describeCopy(crontainerCopy)}, ` +
        `but ${where}. Services registered with one copy are unknown to the other, so THREAD and ` +
        `PROCESS runs would fail with "TypeInfo not known". tsyringe is a peer dependency of ` +
        `crontainer: install one copy (check with \`npm ls tsyringe\`, then align the versions or ` +
        `run \`npm dedupe\`).`,
    );
    this.option = option;
    this.className = className;
    this.crontainerCopy = crontainerCopy;
    this.otherCopy = otherCopy;
  }
}

/**
 * tsyringe could not construct a decorated class because it knows no constructor parameter types
 * for it or for one of its dependencies ("TypeInfo not known"). That is the mark of code compiled
 * without decorator metadata (tsx, esbuild, swc without `decoratorMetadata`), or of a dependency that
 * is not `@injectable()`. `key` is the first task of the class; the original error is the `cause`.
 */
export class MissingDecoratorMetadataError extends SchedulerError {
  override name = 'MissingDecoratorMetadataError';
  /** The compiler option whose absence this usually is: `emitDecoratorMetadata`. */
  readonly option = 'emitDecoratorMetadata';
  /** The decorated class bootstrap was resolving. */
  readonly className: string;
  /** The class tsyringe had no parameter types for: `className` itself or one of its dependencies. */
  readonly dependency: string;

  /** `metadataEmitted`: whether the decorated class's own module carries decorator metadata. */
  constructor(
    key: string,
    className: string,
    dependency: string,
    metadataEmitted: boolean,
    options?: ErrorOptions,
  ) {
    const of = dependency === className ? className : `${dependency} (a dependency of ${className})`;
    const why = metadataEmitted
      ? `${dependency} has constructor parameters but tsyringe has no record of their types: mark it ` +
        `@injectable() (or @singleton()) in code compiled with "emitDecoratorMetadata": true`
      : `the code was compiled without decorator metadata. Either compile with ` +
        `"emitDecoratorMetadata": true and "experimentalDecorators": true (tsc; swc needs ` +
        `jsc.transform.decoratorMetadata; tsx and esbuild cannot emit it)`;
    super(
      `Task "${key}": tsyringe cannot construct ${className}: it knows no constructor parameter types ` +
        `of ${of} ("TypeInfo not known"); ${why}, or name each constructor parameter of ${dependency} ` +
        `with @inject(Token).`,
      key,
      options,
    );
    this.className = className;
    this.dependency = dependency;
  }
}

/**
 * The test kit (`crontainer/testing`, and the `runInline` option) was used wrongly: a bad argument to
 * a `TestClock` method, a time before the clock's, or a second `advance` while one is going. `option`
 * names the setting or method, e.g. `TestClock.advance` or `runInline.import`.
 */
export class TestKitError extends SchedulerError {
  override name = 'TestKitError';
  /** The setting or method concerned, e.g. `TestClock.advance`. */
  readonly option: string;
  /** The value that was refused. */
  readonly value: unknown;

  /** `problem` completes the sentence after the setting's name, e.g. `must be ms ≥ 0, got -1 (number)`. */
  constructor(option: string, value: unknown, problem: string) {
    super(`${option} ${problem}`);
    this.option = option;
    this.value = value;
  }

  /** The usual case: the value is not what the setting takes. */
  static expected(option: string, expected: string, value: unknown): TestKitError {
    return new TestKitError(option, value, `must be ${expected}, got ${describeValue(value)}`);
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
