/** Errors about one task: its options, its key, its runs. */
import { describeCause, describeValue } from './describe-value.js';
import { SchedulerError } from './scheduler-error.js';

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
