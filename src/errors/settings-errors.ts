/** A refused setting other than a task option, named by its path. */
import { describeCause, describeValue } from './describe-value.js';
import { SchedulerError } from './scheduler-error.js';

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
