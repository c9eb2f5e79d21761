/**
 * Schedule overrides: configuration that changes decorated tasks' options without touching the code,
 * e.g. from environment variables. Layers apply in order over the decorator's options: the values
 * registered under `SCHEDULE_OVERRIDES` (in registration order), then `bootstrap({ overrides })`.
 */
import type { DependencyContainer, InjectionToken } from 'tsyringe';

import { InvalidOverridesError, InvalidTaskOptionsError, UnknownOverrideError } from '../errors.js';
import { ownOptions, type OptionRecord } from '../options/normalize.js';
import { readOwnRecord } from '../options/own-properties.js';
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

/** One layer of overrides, read: each task key's override, own properties only. */
export type OverrideLayer = ReadonlyMap<string, unknown>;

/**
 * Reads one layer: `bootstrap({ overrides })` (`path` is `overrides`) or one value registered under
 * `SCHEDULE_OVERRIDES` (`SCHEDULE_OVERRIDES[i]`). What each key's override holds is read later, by
 * the task options' rules, for the keys that exist.
 */
export function readOverrideLayer(layer: unknown, path: string): OverrideLayer {
  return readOwnRecord(layer, (failure) => {
    if (failure.kind === 'not-an-object') {
      throw InvalidOverridesError.expected(path, 'an object of options by task key', layer);
    }
    throw InvalidOverridesError.unreadable(
      failure.name === undefined ? path : `${path}[${JSON.stringify(failure.name)}]`,
      failure.cause,
    );
  });
}

/** The override layers to apply, in order: the container's registrations, then bootstrap's. */
export function overrideLayers(
  container: DependencyContainer,
  given: OverrideLayer | undefined,
): readonly OverrideLayer[] {
  const registered = container.isRegistered(SCHEDULE_OVERRIDES, true)
    ? container.resolveAll<unknown>(SCHEDULE_OVERRIDES)
    : [];
  const layers = registered.map((layer, index) => readOverrideLayer(layer, `SCHEDULE_OVERRIDES[${index}]`));
  return given === undefined ? layers : [...layers, given];
}

/** Checks that every layer names only known keys. */
export function checkOverrideKeys(layers: readonly OverrideLayer[], knownKeys: readonly string[]): void {
  const known = new Set(knownKeys);
  for (const layer of layers) {
    for (const key of layer.keys()) {
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
  const own = ownOptions(override, key);
  if (Object.hasOwn(own, 'key')) {
    throw new InvalidTaskOptionsError(
      key,
      'key',
      own.key,
      'cannot be overridden: overrides are matched by key (change the key in @Scheduled instead)',
    );
  }
  const given = Object.entries(own).filter(([, value]) => value !== undefined);
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
  layers: readonly OverrideLayer[],
  key: string,
): OptionRecord {
  let options = decorated;
  for (const layer of layers) {
    const override = layer.get(key);
    if (override !== undefined) options = applyOverride(options, override, key);
  }
  return options;
}
