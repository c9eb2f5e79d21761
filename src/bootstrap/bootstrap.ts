import { Scheduler } from '../scheduler/scheduler.js';
import { App } from './app.js';
import { readBootstrapOptions, type BootstrapOptions } from './bootstrap-options.js';
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
  const { container, overrides, workers, coordinator, logger, handleSignals, clock } =
    readBootstrapOptions(options);
  const validated = validateTasks(container, overrides, logger);
  const app = new App(container, { clock, workers, coordinator, logger });
  try {
    container.register(Scheduler, { useValue: app.scheduler });
    container.register(App, { useValue: app });
    const planned = prepareTasks(container, validated);
    for (const task of planned) app.scheduler.registerResolved(task.source, task.options);
    logger.info(
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
        logger.info(`crontainer: ${signal} received, closing gracefully`);
        app.close().catch((error: unknown) => {
          logger.error('crontainer: graceful close failed', error);
        });
      }),
    );
  }
  return app;
}
