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
 * `@Scheduled` was put somewhere other than an instance method; thrown while the class is being
 * defined. `place` is e.g. `Cache.size` or `class Cache`.
 */
export class MisplacedDecoratorError extends SchedulerError {
  override name = 'MisplacedDecoratorError';
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
type SettingsErrorClass<E> = new (
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
