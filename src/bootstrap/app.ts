import type { DependencyContainer } from 'tsyringe';

import { closeOptionsOf, type ResolvedCloseOptions } from '../scheduler/call-options.js';
import type { CloseOptions, SchedulerOptions } from '../scheduler/scheduler-options.js';
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
    let checked: ResolvedCloseOptions;
    try {
      // Before anything else: refused options leave the signal listeners and the scheduler as they are.
      checked = closeOptionsOf(options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#closing ??= this.#shutdown(checked);
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

  async #shutdown(options: ResolvedCloseOptions): Promise<void> {
    for (const cleanup of this.#onClose.splice(0)) cleanup();
    await this.scheduler.close(options);
  }
}
