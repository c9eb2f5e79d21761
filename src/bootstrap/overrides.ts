/**
 * Schedule overrides: configuration that changes decorated tasks' options without touching the code,
 * e.g. from environment variables. Layers apply in order over the decorator's options: the values
 * registered under `SCHEDULE_OVERRIDES` (in registration order), then `bootstrap({ overrides })`.
 */
import type { DependencyContainer, InjectionToken } from 'tsyringe';

import { InvalidTaskOptionsError, UnknownOverrideError, describeValue } from '../errors.js';
import { ownOptions } from '../options/normalize.js';
import type { TaskOptions } from '../options/task-options.js';

/** The options one override may change: every task option but `key`, which is what it is matched by. */
export type ScheduleOverride = Omit<TaskOptions, 'key'>;

/** Overrides by task key, e.g. `{ 'ReportService.refresh': { interval: '1m' } }`. */
export type ScheduleOverrides = Readonly<Record<string, ScheduleOverride>>;

/**
 * The container token for schedule overrides: register a `ScheduleOverrides` object under it
 * (`container.register(SCHEDULE_OVERRIDES, { useValue: { ... } })`). A `Symbol.for` symbol, so two
 * copies of the library agree on it. Several registrations are merged in registration order.
 */
export const SCHEDULE_OVERRIDES: InjectionToken<ScheduleOverrides> = Symbol.for(
  'crontainer.scheduleOverrides',
);

/** A raw option record: own properties only, `undefined` meaning absent. */
export type OptionRecord = Readonly<Record<string, unknown>>;

/** The override layers to apply, in order: the container's registrations, then bootstrap's. */
export function overrideLayers(container: DependencyContainer, given: unknown): readonly unknown[] {
  const registered = container.isRegistered(SCHEDULE_OVERRIDES, true)
    ? container.resolveAll<unknown>(SCHEDULE_OVERRIDES)
    : [];
  return given === undefined ? registered : [...registered, given];
}

/** Checks that every layer is an object and names only known keys. */
export function checkOverrideKeys(layers: readonly unknown[], knownKeys: readonly string[]): void {
  const known = new Set(knownKeys);
  for (const layer of layers) {
    if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
      throw new InvalidTaskOptionsError(
        '(overrides)',
        'overrides',
        layer,
        `must be an object of options by task key, got ${describeValue(layer)}`,
      );
    }
    for (const key of Object.keys(layer)) {
      if (!known.has(key)) throw new UnknownOverrideError(key, [...known].sort());
    }
  }
}

/**
 * One override laid over `base`. An override's `cron` replaces the base's `interval` and vice versa
 * (with the base's `timezone`, which only applies to cron), so configuration can switch a task
 * between the two kinds. `undefined` values change nothing: `process.env.X` that is not set keeps
 * the decorator's value.
 */
export function applyOverride(base: OptionRecord, override: unknown, key: string): OptionRecord {
  if (typeof override === 'object' && override !== null && Object.hasOwn(override, 'key')) {
    throw new InvalidTaskOptionsError(
      key,
      'key',
      (override as { key: unknown }).key,
      'cannot be overridden: overrides are matched by key (change the key in @Scheduled instead)',
    );
  }
  const given = Object.entries(ownOptions(override, key)).filter(([, value]) => value !== undefined);
  if (given.length === 0) return base;
  const merged: Record<string, unknown> = { ...base };
  const names = new Set(given.map(([name]) => name));
  if (names.has('cron')) delete merged.interval;
  if (names.has('interval')) {
    delete merged.cron;
    delete merged.timezone;
  }
  for (const [name, value] of given) merged[name] = value;
  return merged;
}

/** Every layer's override for `key` laid over the decorator's options, in order. */
export function overriddenOptions(
  decorated: OptionRecord,
  layers: readonly unknown[],
  key: string,
): OptionRecord {
  let options = decorated;
  for (const layer of layers) {
    const override = (layer as Readonly<Record<string, unknown>>)[key];
    if (override !== undefined && Object.hasOwn(layer as object, key)) {
      options = applyOverride(options, override, key);
    }
  }
  return options;
}
