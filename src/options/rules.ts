/**
 * One rule per option: the only place that knows an option's type, range and default. Each rule turns
 * the raw value (already known to be present) into its resolved form or throws an
 * `InvalidTaskOptionsError` naming the task key and the option.
 */
import { InvalidTaskOptionsError } from '../errors.js';
import { compileCron } from '../shared/cron.js';
import { parseDuration } from './duration.js';
import { dateTimeOf } from './own-properties.js';
import { OVERLAP_POLICIES, RUN_TYPES, type ResolvedTaskOptions } from './task-options.js';

/**
 * The shortest duration: below 1 ms the timer cannot honour it, and below ~2.4e-4 ms a period added to
 * today's epoch no longer moves it (the timetable would plan the same instant forever).
 */
const MIN_DURATION_MS = 1;

/**
 * The longest duration (~31,700 years): with any anchor a `Date` can hold today, anchor + period stays
 * within the `Date` range, so `nextRunAt` is always a valid Date.
 */
const MAX_DURATION_MS = 1e15;

/** The largest distance from the epoch, in ms, that a `Date` can hold. */
const MAX_TIME_MS = 8.64e15;

/**
 * The most `args` a task may have: a run passes them as call arguments (`fn(ctx, ...args)`), which V8
 * puts on the stack. Measured on Node 20: ~111,000 fit on the main thread at a call depth of 1,000
 * (~123,000 at the top), ~92,000 in a thread with a 1 MB stack (the least `workers` allows); beyond,
 * the call throws a RangeError, and 2^32−1 holes exhaust the heap while being copied. Checked before
 * anything is copied.
 */
export const MAX_TASK_ARGS = 65_536;

/** What a task key is: a string with something other than white space in it. */
export function isTaskKey(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

type Rule<K extends keyof ResolvedTaskOptions> = (
  value: unknown,
  key: string,
) => Exclude<ResolvedTaskOptions[K], undefined>;

function duration(option: string): (value: unknown, key: string) => number {
  return (value, key) => {
    const ms =
      typeof value === 'string' ? parseDuration(value) : typeof value === 'number' ? value : undefined;
    if (ms === undefined || !Number.isFinite(ms) || ms < MIN_DURATION_MS || ms > MAX_DURATION_MS) {
      throw InvalidTaskOptionsError.expected(
        key,
        option,
        `a duration from 1 ms to 1e15 ms: ms as a number, or a string such as '250ms', '5s', '10m', '1h', '1d'`,
        value,
      );
    }
    return ms;
  };
}

function boolean(option: string): (value: unknown, key: string) => boolean {
  return (value, key) => {
    if (typeof value !== 'boolean')
      throw InvalidTaskOptionsError.expected(key, option, 'true or false', value);
    return value;
  };
}

function oneOf<T extends string>(option: string, allowed: readonly T[]): (value: unknown, key: string) => T {
  return (value, key) => {
    if (!allowed.includes(value as T)) {
      throw InvalidTaskOptionsError.expected(
        key,
        option,
        `one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
        value,
      );
    }
    return value as T;
  };
}

/**
 * Validates a cron expression with croner, configured exactly as the cron timetable uses it (5 or 6
 * fields, nicknames), and returns it trimmed; croner's reason is in the message and kept as the cause.
 */
function cronPattern(value: unknown, key: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw InvalidTaskOptionsError.expected(key, 'cron', 'a cron expression such as "*/5 * * * *"', value);
  }
  try {
    compileCron(value.trim());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidTaskOptionsError(key, 'cron', value, `is not a valid cron expression (${reason})`, {
      cause: error,
    });
  }
  return value.trim();
}

/** Validates a time zone with Intl (which croner uses to read it); Intl's reason is kept as the cause. */
function timezone(value: unknown, key: string): string {
  if (typeof value !== 'string' || value === '') {
    throw InvalidTaskOptionsError.expected(
      key,
      'timezone',
      'an IANA time zone such as "Europe/Berlin"',
      value,
    );
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidTaskOptionsError(
      key,
      'timezone',
      value,
      `is not a time zone this runtime knows (${reason}); use an IANA name such as "Europe/Berlin"`,
      { cause: error },
    );
  }
  return value;
}

/**
 * A frozen dense copy of `args`, read by index up to the length read once (never through the array's
 * iterator, which its owner may have replaced). A hole is passed as `undefined`, as a spread call passes
 * it, so every run type sees the same arguments.
 */
function argsCopy(value: unknown, key: string): readonly unknown[] {
  let length: number | undefined;
  try {
    // Both run a Proxy's traps.
    length = Array.isArray(value) ? value.length : undefined;
  } catch (error) {
    throw InvalidTaskOptionsError.unreadable(key, 'args', error);
  }
  if (length === undefined) throw InvalidTaskOptionsError.expected(key, 'args', 'an array', value);
  if (length > MAX_TASK_ARGS) {
    throw InvalidTaskOptionsError.expected(
      key,
      'args',
      `an array of at most ${MAX_TASK_ARGS} arguments`,
      value,
    );
  }
  const copy = new Array<unknown>(length);
  for (let index = 0; index < length; index += 1) {
    try {
      copy[index] = (value as readonly unknown[])[index];
    } catch (error) {
      throw InvalidTaskOptionsError.unreadable(key, 'args', error);
    }
  }
  return Object.freeze(copy);
}

export const OPTION_RULES: { readonly [K in keyof ResolvedTaskOptions]-?: Rule<K> } = {
  key: (value, key) => {
    if (!isTaskKey(value)) throw InvalidTaskOptionsError.expected(key, 'key', 'a non-empty string', value);
    return value;
  },
  interval: duration('interval'),
  cron: cronPattern,
  timezone,
  // Kept as a ms epoch number: no Date per task to allocate, and nothing the caller could mutate.
  firstRun: (value, key) => {
    const time = typeof value === 'number' ? value : (dateTimeOf(value) ?? Number.NaN);
    // Exactly the times a Date can hold (TimeClip), checked without allocating a Date per task.
    if (!Number.isFinite(time) || Math.abs(time) > MAX_TIME_MS) {
      throw InvalidTaskOptionsError.expected(key, 'firstRun', 'a valid Date or a ms epoch number', value);
    }
    return time;
  },
  runs: (value, key) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw InvalidTaskOptionsError.expected(key, 'runs', 'an integer ≥ 1', value);
    }
    return value;
  },
  runType: oneOf('runType', RUN_TYPES),
  args: argsCopy,
  autoRemove: boolean('autoRemove'),
  overlap: oneOf('overlap', OVERLAP_POLICIES),
  timeout: duration('timeout'),
  enabled: boolean('enabled'),
};

export const OPTION_NAMES = Object.keys(OPTION_RULES) as readonly (keyof ResolvedTaskOptions)[];
