import { v4 as uuidv4 } from 'uuid';

import { InvalidTaskOptionsError, describeValue } from '../errors.js';
import { OPTION_NAMES, OPTION_RULES } from './rules.js';
import type { ResolvedTaskOptions, TaskOptions } from './task-options.js';

/** Shared by every task without `args`, so 100,000 tasks do not hold 100,000 empty arrays. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Names of the options, as a set, for the unknown-option check. */
const KNOWN = new Set<string>(OPTION_NAMES);

/**
 * Reads only the caller's own enumerable properties (never inherited ones) into a fresh object, so the
 * caller's input is never mutated nor kept. `extra` names additional option names a caller accepts
 * (the decorator's `module`).
 */
export function ownOptions(
  raw: unknown,
  key: string,
  extra: readonly string[] = [],
): Record<string, unknown> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidTaskOptionsError(key, 'options', raw, `must be an object, got ${describeValue(raw)}`);
  }
  const own: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    if (!KNOWN.has(name) && !extra.includes(name)) {
      throw new InvalidTaskOptionsError(
        key,
        name,
        (raw as Record<string, unknown>)[name],
        `is not an option (known: ${[...OPTION_NAMES, ...extra].join(', ')})`,
      );
    }
    own[name] = (raw as Record<string, unknown>)[name];
  }
  return own;
}

/** The key a task will have: the given one if it is a string, else `fallback`, else a fresh uuid. */
export function taskKeyOf(raw: unknown, fallback?: string): string {
  if (typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'key')) {
    const key = (raw as { key: unknown }).key;
    if (key !== undefined) return typeof key === 'string' && key.trim() !== '' ? key : describeValue(key);
  }
  return fallback ?? uuidv4();
}

/**
 * Validates raw options and fills in defaults. `defaultKey` is used when no `key` is given (decorated
 * methods pass `Class.method`). Throws `InvalidTaskOptionsError` for the first bad option.
 */
export function normalizeOptions(raw: TaskOptions | undefined, defaultKey?: string): ResolvedTaskOptions {
  const provisionalKey = taskKeyOf(raw, defaultKey);
  const own = ownOptions(raw, provisionalKey);
  return resolve(own, provisionalKey);
}

/**
 * Applies the rules to an own-properties record (`undefined` counts as absent) and checks combinations.
 * It runs once per `add` (100,000 times for 100,000 tasks), hence no closure per call and one object
 * literal, so every resolved options object has the same shape; an absent option costs one lookup.
 */
export function resolve(own: Record<string, unknown>, fallbackKey: string): ResolvedTaskOptions {
  const key = own.key === undefined ? fallbackKey : OPTION_RULES.key(own.key, fallbackKey);
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
  own: Record<string, unknown>,
  name: K,
  key: string,
): Exclude<ResolvedTaskOptions[K], undefined> | undefined {
  const value = own[name];
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
