import { v4 as uuidv4 } from 'uuid';

import { InvalidTaskOptionsError } from '../errors.js';
import { readOwnRecord } from './own-properties.js';
import { OPTION_NAMES, OPTION_RULES, isTaskKey } from './rules.js';
import type { ResolvedTaskOptions, TaskOptions } from './task-options.js';

/** Shared by every task without `args`, so 100,000 tasks do not hold 100,000 empty arrays. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Names of the options, as a set, for the unknown-option check. */
const KNOWN = new Set<string>(OPTION_NAMES);

/** An option record: own properties only, `undefined` meaning absent (see `optionOf`). */
export type OptionRecord = Readonly<Record<string, unknown>>;

/**
 * Reads only the caller's own enumerable properties (never inherited ones) into a fresh record, so the
 * caller's input is never mutated nor kept. The record is a plain object (one with no prototype is a
 * slow dictionary in V8, and this runs once per `add`): read it with `optionOf`, never by name. `extra`
 * names additional option names a caller accepts (the decorator's `module`). `fallbackKey` is the
 * task's key when the options name none (or none that can be read).
 */
export function ownOptions(raw: unknown, fallbackKey: string, extra: readonly string[] = []): OptionRecord {
  if (raw === undefined) return {};
  const given = readOwnRecord(raw, (failure) => {
    if (failure.kind === 'not-an-object') {
      throw InvalidTaskOptionsError.expected(fallbackKey, 'options', 'an object', raw);
    }
    const key = provisionalKey(failure.read.get('key'), fallbackKey);
    throw InvalidTaskOptionsError.unreadable(key, failure.name ?? 'options', failure.cause);
  });
  const key = provisionalKey(given.get('key'), fallbackKey);
  const own: Record<string, unknown> = {};
  for (const [name, value] of given) {
    if (!KNOWN.has(name) && !extra.includes(name)) {
      throw InvalidTaskOptionsError.unknown(key, name, value, [...OPTION_NAMES, ...extra]);
    }
    own[name] = value;
  }
  return own;
}

/**
 * The key errors name before the options are resolved: the given one when it is a valid key, else the
 * fallback (a bad key is quoted once, by the key rule's message, never used as the name).
 */
function provisionalKey(given: unknown, fallback: string): string {
  return isTaskKey(given) ? given : fallback;
}

/** An option's value from a record, own properties only: `undefined` when it is not there. */
export function optionOf(own: OptionRecord, name: string): unknown {
  return Object.hasOwn(own, name) ? own[name] : undefined;
}

/**
 * Validates raw options and fills in defaults. `defaultKey` is used when no `key` is given (decorated
 * methods pass `Class.method`, else a fresh uuid). Throws `InvalidTaskOptionsError` for the first bad
 * option.
 */
export function normalizeOptions(raw: TaskOptions | undefined, defaultKey?: string): ResolvedTaskOptions {
  const fallbackKey = defaultKey ?? uuidv4();
  return resolve(ownOptions(raw, fallbackKey), fallbackKey);
}

/**
 * Applies the rules to an own-properties record (`undefined` counts as absent) and checks combinations.
 * It runs once per `add` (100,000 times for 100,000 tasks), hence no closure per call and one object
 * literal, so every resolved options object has the same shape; an absent option costs one lookup.
 */
export function resolve(own: OptionRecord, fallbackKey: string): ResolvedTaskOptions {
  const given = optionOf(own, 'key');
  const key = given === undefined ? fallbackKey : OPTION_RULES.key(given, fallbackKey);
  const options: ResolvedTaskOptions = {
    key,
    interval: ruled(own, 'interval', key),
    cron: ruled(own, 'cron', key),
    timezone: ruled(own, 'timezone', key),
    firstRun: ruled(own, 'firstRun', key),
    runs: ruled(own, 'runs', key),
    runType: ruled(own, 'runType', key) ?? 'ASYNC',
    args: ruled(own, 'args', key) ?? NO_ARGS,
    autoRemove: ruled(own, 'autoRemove', key) ?? false,
    overlap: ruled(own, 'overlap', key) ?? 'skip',
    timeout: ruled(own, 'timeout', key),
    enabled: ruled(own, 'enabled', key) ?? true,
  };
  checkCombinations(options);
  return options;
}

/** One option through its rule, or `undefined` when it was not given. */
function ruled<K extends keyof ResolvedTaskOptions>(
  own: OptionRecord,
  name: K,
  key: string,
): Exclude<ResolvedTaskOptions[K], undefined> | undefined {
  const value = optionOf(own, name);
  const rule = OPTION_RULES[name] as (
    value: unknown,
    key: string,
  ) => Exclude<ResolvedTaskOptions[K], undefined>;
  return value === undefined ? undefined : rule(value, key);
}

/** Rules that involve two options at once. */
export function checkCombinations(options: ResolvedTaskOptions): void {
  const { key } = options;
  if (options.interval !== undefined && options.cron !== undefined) {
    throw InvalidTaskOptionsError.conflict(key, 'cron', 'interval', options.cron);
  }
  if (options.timezone !== undefined && options.cron === undefined) {
    throw new InvalidTaskOptionsError(
      key,
      'timezone',
      options.timezone,
      'applies to cron schedules only: give options.cron too',
    );
  }
  if (
    options.runs !== undefined &&
    options.runs > 1 &&
    options.interval === undefined &&
    options.cron === undefined
  ) {
    throw new InvalidTaskOptionsError(
      key,
      'runs',
      options.runs,
      'must be 1 for a one-shot task: give options.interval or options.cron to run it more than once',
    );
  }
  if (options.runType !== 'ASYNC') {
    try {
      structuredClone(options.args);
    } catch (error) {
      throw new InvalidTaskOptionsError(
        key,
        'args',
        options.args,
        `must be structured-cloneable for runType '${options.runType}' (they are copied to the worker): ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  }
}

/**
 * The options with one of them replaced (`undefined` restores its default), validated by the same rules
 * and combination checks as at `add`.
 */
export function editOption(
  options: ResolvedTaskOptions,
  name: Exclude<keyof ResolvedTaskOptions, 'key'>,
  value: unknown,
): ResolvedTaskOptions {
  return resolve({ ...options, [name]: value }, options.key);
}
