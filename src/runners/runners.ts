import type { RunType } from '../options/task-options.js';
import { AsyncRunner } from './async-runner.js';
import { PoolRunner, type WorkerErrorReport } from './pool-runner.js';
import { createProcessPool } from './process-pool.js';
import type { Runner } from './runner.js';
import { createThreadPool } from './thread-pool.js';
import { type ResolvedWorkerSettings, resolveWorkerSettings } from './worker-settings.js';

export type { PoolSize, ThreadPoolSize, WorkerSettings } from './worker-settings.js';

/**
 * Makes the runner of one run type; THREAD and PROCESS runners are made on first use. `report` receives
 * the failures of its workers that no run is there to carry (see `WorkerError`).
 */
export type RunnerFactory = (settings: ResolvedWorkerSettings, report: WorkerErrorReport) => Runner;

/** The built-in runners: the event loop, a piscina thread pool, a tinypool child-process pool. */
export const defaultRunnerFactories: Readonly<Record<RunType, RunnerFactory>> = {
  ASYNC: () => new AsyncRunner(),
  THREAD: (settings, report) =>
    new PoolRunner({
      runType: 'THREAD',
      createPool: () => createThreadPool(settings, report),
      capacity: settings.threads.max,
      entry: settings.entry,
      abortGrace: settings.abortGrace,
    }),
  PROCESS: (settings, report) =>
    new PoolRunner({
      runType: 'PROCESS',
      createPool: () => createProcessPool(settings, report),
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
  readonly #report: WorkerErrorReport;

  /**
   * `settings` were validated by the scheduler before it built anything (`undefined`: the defaults).
   * `report` hears of workers that failed with no run in flight (the scheduler's `workerError`).
   */
  constructor(
    settings: ResolvedWorkerSettings | undefined,
    factories: Partial<Record<RunType, RunnerFactory>> = {},
    report: WorkerErrorReport = () => undefined,
  ) {
    this.#settings = settings ?? resolveWorkerSettings({});
    this.#factories = { ...defaultRunnerFactories, ...factories };
    this.#report = report;
  }

  get(runType: RunType): Runner {
    let runner = this.#made.get(runType);
    if (runner === undefined) {
      runner = this.#factories[runType](this.#settings, this.#report);
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
