import type { DependencyContainer } from 'tsyringe';

import type { CloseOptions, SchedulerOptions } from '../scheduler/scheduler-options.js';
import { closeTimeoutOf } from '../scheduler/drain.js';
import { Scheduler } from '../scheduler/scheduler.js';

/**
 * A running app, as `bootstrap` returns it: the container its services came from and the scheduler
 * running their tasks. It is registered in that container under `App`, and every run gets it as
 * `ctx.app`.
 */
export class App implements AsyncDisposable {
  /** The container bootstrap scanned (tsyringe's root container unless one was given). */
  readonly container: DependencyContainer;
  /** The scheduler running every decorated task; also injectable as `Scheduler`. */
  readonly scheduler: Scheduler;
  /** Cleanups that `close` runs once the scheduler is closed (signal listeners). */
  readonly #onClose: (() => void)[] = [];
  #closing: Promise<void> | undefined;

  /** @internal Made by `bootstrap`; the scheduler is made here so that it can hand this app to runs. */
  constructor(container: DependencyContainer, schedulerOptions: Omit<SchedulerOptions, 'app'>) {
    this.container = container;
    this.scheduler = new Scheduler({ ...schedulerOptions, app: this });
  }

  /** True once `close()` was called. */
  get isClosed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Closes the scheduler gracefully (see `Scheduler.close`) and removes the signal listeners of
   * `handleSignals`. The container and its services stay the caller's. Idempotent.
   */
  close(options?: CloseOptions): Promise<void> {
    if (this.#closing === undefined) {
      // Validated before anything changes: a refused close keeps the signal listeners and the tasks.
      try {
        closeTimeoutOf(options?.timeout);
      } catch (error) {
        return Promise.reject(error);
      }
      this.#closing = this.#shutdown(options);
    }
    return this.#closing;
  }

  /** `close()` with the default timeout, for `await using app = await bootstrap()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal Registers a cleanup for `close`. */
  onClose(cleanup: () => void): void {
    this.#onClose.push(cleanup);
  }

  async #shutdown(options: CloseOptions | undefined): Promise<void> {
    for (const cleanup of this.#onClose.splice(0)) cleanup();
    await this.scheduler.close(options);
  }
}
