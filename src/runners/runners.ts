import type { RunType } from '../options/task-options.js';
import { AsyncRunner } from './async-runner.js';
import type { Runner } from './runner.js';

/** Pool settings for THREAD and PROCESS runs, given to `new Scheduler({ workers })` or `bootstrap`. */
export interface WorkerSettings {
  /**
   * The app's composition root: a module that registers providers in tsyringe's container without
   * starting the app. Workers import it before resolving a decorated method's class.
   * @default the module that defines the class
   */
  readonly entry?: string | URL;
  /** Thread pool size. @default min 0, max the number of cores less one (at least 1) */
  readonly threads?: PoolSize;
  /** Child-process pool size. @default min 0, max the number of cores less one (at least 1) */
  readonly processes?: PoolSize;
}

export interface PoolSize {
  readonly min?: number;
  readonly max?: number;
}

/** Makes the runner of one run type; THREAD and PROCESS runners are made on first use. */
export type RunnerFactory = (settings: WorkerSettings) => Runner;

/** The runners of one scheduler, created lazily so an ASYNC-only app never starts a pool. */
export class Runners {
  readonly #settings: WorkerSettings;
  readonly #factories: Partial<Record<RunType, RunnerFactory>>;
  readonly #made = new Map<RunType, Runner>();

  constructor(settings: WorkerSettings, factories: Partial<Record<RunType, RunnerFactory>>) {
    this.#settings = settings;
    this.#factories = { ASYNC: () => new AsyncRunner(), ...factories };
  }

  get(runType: RunType): Runner {
    let runner = this.#made.get(runType);
    if (runner === undefined) {
      const factory = this.#factories[runType];
      if (factory === undefined) throw new Error(`No runner for runType ${runType}`);
      runner = factory(this.#settings);
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
