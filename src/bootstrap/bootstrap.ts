import type { DependencyContainer } from 'tsyringe';

import { LogAdapter } from '../logging/log-adapter.js';
import { isCrontainerWorker } from '../runners/worker-realm.js';
import type { Clock } from '../scheduler/clock.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { App } from './app.js';
import { readBootstrapOptions, type BootstrapOptions } from './bootstrap-options.js';
import type { Logger } from './logger.js';
import { prepareTasks, validateTasks } from './plan.js';
import { onShutdownSignal } from './signals.js';

export type { BootstrapOptions } from './bootstrap-options.js';

/**
 * Starts the app's scheduled tasks, in two phases. Phase one, where everything that can fail fails:
 * the options are validated, then every decorated task's options with its overrides applied (nothing
 * has changed yet if that fails), then `Scheduler` and `App` are registered in the container (so
 * services can inject them) and every decorated class the container has a registration for is
 * resolved once. Only if all of that succeeded do all tasks start. On failure nothing starts, the
 * scheduler (if made) is closed and the promise rejects with the error that names the task or option.
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
export async function bootstrap(options?: BootstrapOptions): Promise<App> {
  // Everything that can be checked without an instance is checked before anything changes: a refused
  // option or override leaves no scheduler and no registration in the container.
  const { container, overrides, workers, coordinator, logger, handleSignals, clock, runInline } =
    readBootstrapOptions(options);
  // A worker imports the app's modules only to rebuild services; a bootstrap() among them (a one-file
  // app) must not start tasks, pools, a cluster link or signal handlers again there. Its app stays
  // inert and empty, registered so that services injecting `Scheduler` or `App` still resolve.
  if (isCrontainerWorker()) return inertApp(container, clock, logger);
  const log = new LogAdapter(logger);
  const validated = validateTasks(container, overrides, log);
  const app = new App(container, { clock, workers, coordinator, logger, runInline });
  try {
    registerApp(container, app);
    const planned = prepareTasks(container, validated);
    for (const task of planned) app.scheduler.registerResolved(task.source, task.options, task.target);
    log.info(
      `crontainer: ${planned.length} scheduled task(s) registered` +
        (planned.length > 0 ? `: ${planned.map((task) => task.options.key).join(', ')}` : ''),
    );
  } catch (error) {
    await app.close({ timeout: 0 });
    throw error;
  }
  if (handleSignals) {
    app.onClose(
      onShutdownSignal((signal) => {
        log.info(`crontainer: ${signal} received, closing gracefully`);
        app.close().catch((error: unknown) => {
          log.error('crontainer: graceful close failed', { err: error });
        });
      }),
    );
  }
  return app;
}

/** The app `bootstrap()` returns inside a worker: no tasks, no pools, no coordinator, no signals. */
function inertApp(container: DependencyContainer, clock: Clock, logger: Logger): App {
  const app = new App(container, { clock, logger });
  registerApp(container, app);
  return app;
}

/** Makes `Scheduler` and `App` injectable, so services can constructor-inject them. */
function registerApp(container: DependencyContainer, app: App): void {
  container.register(Scheduler, { useValue: app.scheduler });
  container.register(App, { useValue: app });
}
