import type { RunType } from '../options/task-options.js';
import { AsyncRunner } from './async-runner.js';
import { PoolRunner } from './pool-runner.js';
import { createProcessPool } from './process-pool.js';
import type { Runner } from './runner.js';
import { createThreadPool } from './thread-pool.js';
import {
  type ResolvedWorkerSettings,
  type WorkerSettings,
  resolveWorkerSettings,
} from './worker-settings.js';

export type { PoolSize, ThreadPoolSize, WorkerSettings } from './worker-settings.js';

/** Makes the runner of one run type; THREAD and PROCESS runners are made on first use. */
export type RunnerFactory = (settings: ResolvedWorkerSettings) => Runner;

/** The built-in runners: the event loop, a piscina thread pool, a tinypool child-process pool. */
export const defaultRunnerFactories: Readonly<Record<RunType, RunnerFactory>> = {
  ASYNC: () => new AsyncRunner(),
  THREAD: (settings) =>
    new PoolRunner({
      runType: 'THREAD',
      createPool: () => createThreadPool(settings),
      capacity: settings.threads.max,
      entry: settings.entry,
      abortGrace: settings.abortGrace,
    }),
  PROCESS: (settings) =>
    new PoolRunner({
      runType: 'PROCESS',
      createPool: () => createProcessPool(settings),
      capacity: settings.processes.max,
      entry: settings.entry,
      abortGrace: settings.abortGrace,
    }),
};

/**
 * The runners of one scheduler, created lazily so an ASYNC-only app never starts a pool (and a
 * THREAD runner starts its pool only on its first run). Factories given here replace the built-in ones
 * per run type.
 */
export class Runners {
  readonly #settings: ResolvedWorkerSettings;
  readonly #factories: Readonly<Record<RunType, RunnerFactory>>;
  readonly #made = new Map<RunType, Runner>();

  /**
   * Resolves `settings` at once: a bad pool size fails `new Scheduler()`, not the first THREAD run. The
   * scheduler hands over settings it already resolved (before it built anything), which resolve to
   * themselves.
   */
  constructor(settings: WorkerSettings, factories: Partial<Record<RunType, RunnerFactory>> = {}) {
    this.#settings = resolveWorkerSettings(settings);
    this.#factories = { ...defaultRunnerFactories, ...factories };
  }

  get(runType: RunType): Runner {
    let runner = this.#made.get(runType);
    if (runner === undefined) {
      runner = this.#factories[runType](this.#settings);
      this.#made.set(runType, runner);
    }
    return runner;
  }

  /** Closes every runner made so far. */
  async close(): Promise<void> {
    const runners = [...this.#made.values()];
    this.#made.clear();
    await Promise.allSettled(runners.map((runner) => runner.close()));
  }
}
