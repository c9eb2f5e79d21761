import { container as rootContainer, type DependencyContainer } from 'tsyringe';

import type { Coordinator } from '../cluster/coordinator.js';
import type { WorkerSettings } from '../runners/runners.js';
import type { Clock } from '../scheduler/clock.js';
import { isCrontainerWorker } from '../runners/worker-realm.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { App } from './app.js';
import type { Logger } from './logger.js';
import type { ScheduleOverrides } from './overrides.js';
import { planTasks } from './plan.js';
import { onShutdownSignal } from './signals.js';

/** Options of `bootstrap`. */
export interface BootstrapOptions {
  /**
   * The container to scan and resolve services from; a child container works, with its parents.
   * @default tsyringe's root container
   */
  readonly container?: DependencyContainer;
  /** Overrides by task key, laid over the ones registered under `SCHEDULE_OVERRIDES` (these win). */
  readonly overrides?: ScheduleOverrides;
  /** Pool settings for THREAD and PROCESS runs. @default pools sized for the machine */
  readonly workers?: WorkerSettings;
  /** Cluster mode: see `crontainer/redis`. @default none (every run is local) */
  readonly coordinator?: Coordinator;
  /** Receives start-up notes, warnings about skipped classes and unobserved task errors. @default console */
  readonly logger?: Logger;
  /** Close gracefully on the first SIGINT or SIGTERM. @default false */
  readonly handleSignals?: boolean;
  /** Time source, for tests. @default the system clock */
  readonly clock?: Clock;
}

/**
 * Starts the app's scheduled tasks. First `Scheduler` and `App` are registered in the container (so
 * services can inject them), then, in two phases: every decorated class the container has a
 * registration for is resolved once and each of its tasks validated with its overrides applied; only
 * if all of that succeeded do all tasks start. On failure nothing starts, the scheduler is closed and
 * the promise rejects with the error that names the task.
 *
 * Inside a THREAD or PROCESS worker (which imports the app's modules to rebuild a service) it starts
 * nothing: it registers an empty, inert `Scheduler` and `App` and returns that app, so an entry module
 * that also calls `bootstrap()` is safe to use as the worker's module (see `isCrontainerWorker`).
 *
 * @example
 * ```ts
 * const app = await bootstrap({ container, handleSignals: true });
 * // ...
 * await app.close();
 * ```
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<App> {
  const container = options.container ?? rootContainer;
  const logger = options.logger ?? console;
  const app = new App(container, {
    clock: options.clock,
    workers: options.workers,
    coordinator: options.coordinator,
    logger,
  });
  try {
    container.register(Scheduler, { useValue: app.scheduler });
    container.register(App, { useValue: app });
    // A worker imports the app's modules only to rebuild services; a bootstrap() among them (a one-file
    // app) must not start tasks, pools or signal handlers again there. Its app stays inert and empty.
    if (isCrontainerWorker()) return app;
    const planned = planTasks(container, options.overrides, logger);
    for (const task of planned) app.scheduler.registerResolved(task.source, task.options, task.target);
    logger.info(
      `crontainer: ${planned.length} scheduled task(s) registered` +
        (planned.length > 0 ? `: ${planned.map((task) => task.options.key).join(', ')}` : ''),
    );
  } catch (error) {
    await app.close({ timeout: 0 });
    throw error;
  }
  if (options.handleSignals === true) {
    app.onClose(
      onShutdownSignal((signal) => {
        logger.info(`crontainer: ${signal} received, closing gracefully`);
        app.close().catch((error: unknown) => {
          logger.error('crontainer: graceful close failed', error);
        });
      }),
    );
  }
  return app;
}
