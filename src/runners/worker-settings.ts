import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';

import { toModuleUrl } from '../shared/module-url.js';
import { InvalidWorkerSettingsError } from '../errors.js';
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

/** One core stays with the event loop; a single-core machine still gets one worker. */
export function defaultPoolMax(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

function count(option: string, value: unknown, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) {
    throw new InvalidWorkerSettingsError(option, `an integer ≥ ${least}`, value);
  }
  return value;
}

function milliseconds(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new InvalidWorkerSettingsError(option, `a number of ms from 0 to ${MAX_TIMER_MS}`, value);
  }
  return value;
}

function poolSize(name: string, size: PoolSize | undefined): { min: number; max: number } {
  const min = count(`${name}.min`, size?.min, 0, 0);
  const max = count(`${name}.max`, size?.max, Math.max(defaultPoolMax(), min), 1);
  if (min > max) throw new InvalidWorkerSettingsError(`${name}.min`, `at most ${name}.max (${max})`, min);
  return { min, max };
}

function entryUrl(entry: unknown): string | undefined {
  if (entry === undefined) return undefined;
  const url = toModuleUrl(entry);
  if (url === undefined) throw new InvalidWorkerSettingsError('entry', 'a URL or an absolute path', entry);
  return url;
}

/** Validates the settings (at `new Scheduler()`, so a mistake shows at once) and fills in defaults. */
export function resolveWorkerSettings(settings: WorkerSettings): ResolvedWorkerSettings {
  const threads = poolSize('threads', settings.threads);
  const limits = settings.threads?.resourceLimits;
  return {
    entry: entryUrl(settings.entry),
    threads: limits === undefined ? threads : { ...threads, resourceLimits: limits },
    processes: poolSize('processes', settings.processes),
    idleTimeout: milliseconds('idleTimeout', settings.idleTimeout, 60_000),
    abortGrace: milliseconds('abortGrace', settings.abortGrace, 1_000),
  };
}
