/**
 * Rule tables for settings, in the style of the task options' (`rules.ts`): one rule per setting, the
 * only place that knows its type, default, range and message. A group of settings (the scheduler's,
 * `workers.threads`, `close`'s …) is a table of rules; `readSettings` reads the caller's object the one
 * way (`readOwnRecord`), refuses names the table does not have, and hands each rule its value
 * (`undefined` when not given, so the rule returns the default).
 */
import type { InvalidSettingsError } from '../errors.js';
import { readOwnRecord, readMember } from './own-properties.js';

/** The error class a group's refusals are (each entry point has its own, all `InvalidSettingsError`s). */
export type SettingsErrorType = typeof InvalidSettingsError;

/** Where a setting is: its path (`workers.threads.max`), and the error class that refuses it. */
export interface SettingAt {
  readonly path: string;
  readonly error: SettingsErrorType;
}

/** A setting's rule: the raw value (`undefined` when not given) to its resolved form, default included. */
export type SettingRule<T> = (value: unknown, at: SettingAt) => T;

/** A group of settings: one rule per name; the resolved group has one field per rule. */
export type SettingRules<R> = { readonly [K in keyof R]-?: SettingRule<R[K]> };

/** The path of a setting inside the group at `at` (the top-level group's path is empty). */
export function settingPath(at: SettingAt, name: string): string {
  return at.path === '' ? name : `${at.path}.${name}`;
}

const NOTHING_GIVEN: ReadonlyMap<string, unknown> = new Map();

/**
 * Reads and resolves one group of settings. `raw` may be `undefined` (every default); anything else
 * must be a plain object naming only settings the group has. The whole object's path is `at.path`, or
 * `bagPath` for the top-level group.
 */
export function readSettings<R>(raw: unknown, rules: SettingRules<R>, at: SettingAt, bagPath = at.path): R {
  const names = Object.keys(rules) as (keyof R & string)[];
  const given =
    raw === undefined
      ? NOTHING_GIVEN
      : readOwnRecord(raw, (failure) => {
          if (failure.kind === 'not-an-object') {
            throw at.error.expected(bagPath, `an object of settings (${names.join(', ')})`, raw);
          }
          throw at.error.unreadable(
            failure.name === undefined ? bagPath : settingPath(at, failure.name),
            failure.cause,
          );
        });
  for (const [name, value] of given) {
    if (!Object.hasOwn(rules, name)) throw at.error.unknown(settingPath(at, name), value, names);
  }
  const resolved = {} as R;
  for (const name of names) {
    resolved[name] = rules[name](given.get(name), { path: settingPath(at, name), error: at.error });
  }
  return resolved;
}

/** A nested group, e.g. `workers.threads`: its rules, read at the setting's own path. */
export function group<R>(rules: SettingRules<R>): SettingRule<R> {
  return (value, at) => readSettings(value, rules, at);
}

/** `true` or `false`, `fallback` when not given. */
export function booleanSetting(fallback: boolean): SettingRule<boolean> {
  return (value, at) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw at.error.expected(at.path, 'true or false', value);
    return value;
  };
}

/** A finite number from `least` to `most` (both included), `fallback` when not given. */
export function numberSetting<F extends number | undefined>(
  expected: string,
  least: number,
  most: number,
  fallback: F,
): SettingRule<number | F> {
  return (value, at) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < least || value > most) {
      throw at.error.expected(at.path, expected, value);
    }
    return value;
  };
}

/** A safe integer ≥ `least`, `fallback` when not given. */
export function integerSetting<F extends number | undefined>(
  least: number,
  fallback: F,
): SettingRule<number | F> {
  return (value, at) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) {
      throw at.error.expected(at.path, `an integer ≥ ${least}`, value);
    }
    return value;
  };
}

/** A setting that must be given: `rule` judges the value, and its absence is refused. */
export function requiredSetting<T>(what: string, rule: SettingRule<T | undefined>): SettingRule<T> {
  return (value, at) => {
    const resolved = value === undefined ? undefined : rule(value, at);
    if (resolved === undefined) throw at.error.expected(at.path, `${what} (required)`, value);
    return resolved;
  };
}

/** A function, `undefined` when not given. */
export function functionSetting<F extends (...args: never[]) => unknown>(): SettingRule<F | undefined> {
  return (value, at) => {
    if (value !== undefined && typeof value !== 'function')
      throw at.error.expected(at.path, 'a function', value);
    return value as F | undefined;
  };
}

/**
 * An object implementing an interface (a clock, a logger, a coordinator): every name in `methods` must
 * be a function, every name in `optional` a function or absent. Methods may be inherited (they live on
 * classes), so they are read through the prototype chain, once each; other members are the object's
 * own business. `check` sees the members read, for rules between them. `fallback` when not given.
 */
export function serviceSetting<T extends object, F extends T | undefined>(
  what: string,
  methods: readonly string[],
  optional: readonly string[],
  fallback: F,
  check?: (members: ReadonlyMap<string, unknown>, at: SettingAt) => void,
): SettingRule<T | F> {
  return (value, at) => {
    if (value === undefined) return fallback;
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      throw at.error.expected(at.path, `${what} (with ${methods.join(', ')})`, value);
    }
    const members = new Map<string, unknown>();
    for (const name of [...methods, ...optional]) {
      const path = settingPath(at, name);
      const member = readMember(value, name, (cause) => {
        throw at.error.unreadable(path, cause);
      });
      members.set(name, member);
      if (typeof member === 'function') continue;
      if (member === undefined && optional.includes(name)) continue;
      throw at.error.expected(path, optional.includes(name) ? 'a function or absent' : 'a function', member);
    }
    check?.(members, at);
    return value as T;
  };
}
