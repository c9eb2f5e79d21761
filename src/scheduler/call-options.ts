/**
 * The rule tables of the scheduler's methods that take settings: `close(options)`, `stop(key,
 * options)`, and the key given to `stop`, `restart` and `remove`. Each is read before the method
 * changes anything; refusals are `InvalidSettingsError`s whose path starts with the method's name
 * (`close.timeout`, `stop.abort`, `remove.key`).
 */
import { InvalidSettingsError } from '../errors.js';
import { parseDuration } from '../options/duration.js';
import { isTaskKey } from '../options/rules.js';
import { booleanSetting, readSettings, type SettingRules } from '../options/settings.js';

/** `close()`'s options, validated. */
export interface ResolvedCloseOptions {
  /** ms; `Infinity` (or anything beyond the timer limit) waits for the runs. */
  readonly timeout: number;
}

/** `stop()`'s options, validated. */
export interface ResolvedStopOptions {
  readonly abort: boolean;
}

/** The default of `close({ timeout })`, in ms. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

const CLOSE_RULES: SettingRules<ResolvedCloseOptions> = {
  // ms ≥ 0 or a duration string, as every other duration; `NaN` would otherwise mean "wait forever".
  timeout: (value, at) => {
    if (value === undefined) return DEFAULT_CLOSE_TIMEOUT_MS;
    const ms =
      typeof value === 'string' ? parseDuration(value) : typeof value === 'number' ? value : undefined;
    if (ms === undefined || Number.isNaN(ms) || ms < 0) {
      throw at.error.expected(at.path, `ms ≥ 0 or a duration string such as '5s'`, value);
    }
    return ms;
  },
};

const STOP_RULES: SettingRules<ResolvedStopOptions> = { abort: booleanSetting(false) };

/** Validates `close()`'s options (`undefined` for every default). */
export function closeOptionsOf(raw: unknown): ResolvedCloseOptions {
  return readSettings(raw, CLOSE_RULES, { path: 'close', error: InvalidSettingsError });
}

/** Validates `stop()`'s options (`undefined` for every default). */
export function stopOptionsOf(raw: unknown): ResolvedStopOptions {
  return readSettings(raw, STOP_RULES, { path: 'stop', error: InvalidSettingsError });
}

/** The key given to `method`: what a task key can be (a key that could never exist is a mistake). */
export function taskKeyArgument(value: unknown, method: 'stop' | 'restart' | 'remove'): string {
  if (!isTaskKey(value)) {
    throw InvalidSettingsError.expected(`${method}.key`, 'a task key (a non-empty string)', value);
  }
  return value;
}
