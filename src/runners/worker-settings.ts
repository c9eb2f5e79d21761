import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';

import { toModuleUrl } from '../shared/module-url.js';
import { InvalidWorkerSettingsError } from '../errors.js';
import {
  integerSetting,
  numberSetting,
  readSettings,
  type SettingAt,
  type SettingRule,
  type SettingRules,
} from '../options/settings.js';
import { MAX_TIMER_MS } from '../scheduler/clock.js';

/** Pool settings for THREAD and PROCESS runs, given to `new Scheduler({ workers })` or `bootstrap`. */
export interface WorkerSettings {
  /**
   * The app's composition root: a module that registers providers in tsyringe's container without
   * starting the app. Workers import it before resolving a decorated method's class. An absolute path
   * or a URL. @default the module that defines the class
   */
  readonly entry?: string | URL;
  /** Thread pool size and limits. @default min 0, max the number of cores less one (at least 1) */
  readonly threads?: ThreadPoolSize;
  /** Child-process pool size. @default min 0, max the number of cores less one (at least 1) */
  readonly processes?: PoolSize;
  /** An idle thread or child process above `min` exits after this many ms. @default 60000 */
  readonly idleTimeout?: number;
  /**
   * After a run's signal is aborted (timeout, shutdown), how many ms it may take to end by itself before
   * its thread or process is terminated and replaced. @default 1000
   */
  readonly abortGrace?: number;
}

/** How many workers a pool keeps. */
export interface PoolSize {
  /** Workers kept even when idle. @default 0 */
  readonly min?: number;
  /** Most workers at once; runs beyond wait in the pool's queue. @default max(1, cores − 1) */
  readonly max?: number;
}

/** Thread pool size plus the V8 heap limits of each thread (a thread over them dies: `WorkerCrashedError`). */
export interface ThreadPoolSize extends PoolSize {
  /** @default Node's defaults */
  readonly resourceLimits?: ResourceLimits;
}

/** Settings with every default filled in and `entry` as a URL string. */
export interface ResolvedWorkerSettings {
  readonly entry: string | undefined;
  readonly threads: { readonly min: number; readonly max: number; readonly resourceLimits?: ResourceLimits };
  readonly processes: { readonly min: number; readonly max: number };
  readonly idleTimeout: number;
  readonly abortGrace: number;
}

/**
 * The least old generation a thread boots with, in MB. Measured with a piscina thread loading
 * crontainer's worker and running one trivial task (Node 20): a module export needs 6 MB (5.5 dies at
 * boot with ERR_WORKER_OUT_OF_MEMORY), a decorated method 7 MB (its module loads crontainer itself);
 * 8 leaves a little for the task's own module.
 */
export const MIN_OLD_GENERATION_MB = 8;

/**
 * The least stack a thread is given, in MB. A thread boots with 0.3 MB (0.25 overflows at boot), but a
 * run passes its `args` as call arguments, on the stack: 1 MB holds the most a task may have
 * (`MAX_TASK_ARGS`, measured ~92,000 at depth), 0.5 MB only ~27,000.
 */
export const MIN_STACK_MB = 1;

/**
 * The most stack and code range, in MB: far above any use, far below the values that abort the whole
 * process instead of failing one thread (measured: a 50 GB stack on a 23 GB machine, a 1e8 MB code
 * range, beyond the address space).
 */
export const MAX_STACK_MB = 1_024;
export const MAX_CODE_RANGE_MB = 1_024;

/** One core stays with the event loop; a single-core machine still gets one worker. */
export function defaultPoolMax(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

const RESOURCE_LIMIT_RULES: SettingRules<ResourceLimits> = {
  maxOldGenerationSizeMb: numberSetting(
    `a number of MB ≥ ${MIN_OLD_GENERATION_MB} (a thread needs that much to boot)`,
    MIN_OLD_GENERATION_MB,
    Number.MAX_VALUE,
    undefined,
  ),
  maxYoungGenerationSizeMb: numberSetting(
    'a number of MB > 0',
    Number.MIN_VALUE,
    Number.MAX_VALUE,
    undefined,
  ),
  codeRangeSizeMb: numberSetting(
    `a number of MB > 0 and ≤ ${MAX_CODE_RANGE_MB}`,
    Number.MIN_VALUE,
    MAX_CODE_RANGE_MB,
    undefined,
  ),
  stackSizeMb: numberSetting(
    `a number of MB from ${MIN_STACK_MB} (what a run with the most args needs) to ${MAX_STACK_MB}`,
    MIN_STACK_MB,
    MAX_STACK_MB,
    undefined,
  ),
};

/** The limits given, as a frozen copy without the absent ones (`undefined` when none is given). */
function resourceLimits(value: unknown, at: SettingAt): ResourceLimits | undefined {
  const limits = Object.entries(readSettings(value, RESOURCE_LIMIT_RULES, at)).filter(
    ([, limit]) => limit !== undefined,
  );
  return limits.length === 0 ? undefined : Object.freeze(Object.fromEntries(limits));
}

/** `min` and `max` of a pool; `max` defaults to the machine's size, and never below `min`. */
function poolSize<R extends { min: number; max: number | undefined }>(
  rules: SettingRules<R>,
): SettingRule<Omit<R, 'max'> & { max: number }> {
  return (value, at) => {
    const size = readSettings(value, rules, at);
    const max = size.max ?? Math.max(defaultPoolMax(), size.min);
    if (size.min > max) {
      throw at.error.expected(`${at.path}.min`, `at most ${at.path}.max (${max})`, size.min);
    }
    return { ...size, max };
  };
}

const POOL_SIZE_RULES = { min: integerSetting(0, 0), max: integerSetting(1, undefined) };

const milliseconds = (fallback: number): SettingRule<number> =>
  numberSetting(`a number of ms from 0 to ${MAX_TIMER_MS}`, 0, MAX_TIMER_MS, fallback);

const WORKER_RULES: SettingRules<ResolvedWorkerSettings> = {
  entry: (value, at) => {
    if (value === undefined) return undefined;
    const url = toModuleUrl(value);
    if (url === undefined) throw at.error.expected(at.path, 'a URL or an absolute path', value);
    return url;
  },
  threads: poolSize({ ...POOL_SIZE_RULES, resourceLimits }),
  processes: poolSize(POOL_SIZE_RULES),
  idleTimeout: milliseconds(60_000),
  abortGrace: milliseconds(1_000),
};

/**
 * Validates `workers` (at `new Scheduler()`, so a mistake shows at once, before any pool exists) and
 * fills in defaults; refusals are `InvalidWorkerSettingsError`s naming the path (`workers.threads.max`).
 * Resolving resolved settings gives the same settings.
 */
export function resolveWorkerSettings(settings: unknown): ResolvedWorkerSettings {
  return readSettings(settings, WORKER_RULES, { path: 'workers', error: InvalidWorkerSettingsError });
}
