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

/**
 * The test kit (`crontainer/testing`, and the `runInline` option) was used wrongly: a bad argument to
 * a `TestClock` method, a time before the clock's, or a second `advance` while one is going. `option`
 * names the setting or method, e.g. `TestClock.advance` or `runInline.import`.
 */
export class TestKitError extends SchedulerError {
  override name = 'TestKitError';
  /** The setting or method concerned, e.g. `TestClock.advance`. */
  readonly option: string;
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
