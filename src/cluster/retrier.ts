import type { Clock, TimerHandle } from '../scheduler/clock.js';

/** How long to wait before retrying a registration, restart, stop or remove that failed. */
const RETRY_DELAY_MS = 1_000;

/**
 * Retries the cluster link's calls that must get through (registrations, stops, removes) while the
 * store is unreachable, one second apart, until they succeed, are no longer wanted, or the link
 * closes; `close()` ends every pause at once, so that nothing waits for a store that is gone.
 */
export class Retrier {
  readonly #clock: Clock;
  /** Told of each failed attempt (the link reports one per outage). */
  readonly #failed: (error: unknown) => void;
  /** Told of each attempt that got through (the outage is over). */
  readonly #succeeded: () => void;
  /** Pending pauses: their timers, and how to end each early. */
  readonly #pauses = new Map<TimerHandle, () => void>();
  #closed = false;

  constructor(clock: Clock, failed: (error: unknown) => void, succeeded: () => void) {
    this.#clock = clock;
    this.#failed = failed;
    this.#succeeded = succeeded;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Calls `attempt` until it succeeds, a pause between tries; gives up (`undefined`) once closed or
   * `wanted()` turned false.
   */
  async persist<T>(attempt: () => Promise<T>, wanted: () => boolean): Promise<T | undefined> {
    for (;;) {
      try {
        const result = await attempt();
        this.#succeeded();
        return result;
      } catch (error) {
        this.#failed(error);
      }
      if (!(await this.#pause()) || !wanted()) return undefined;
    }
  }

  close(): void {
    this.#closed = true;
    // End every pause now, not just its timer: a retry loop left waiting would keep asyncAdd pending forever.
    for (const [timer, end] of this.#pauses) {
      this.#clock.clearTimeout(timer);
      end();
    }
    this.#pauses.clear();
  }

  /** Waits before a retry; false if closed meanwhile. */
  #pause(): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.#closed) {
        resolve(false);
        return;
      }
      const timer = this.#clock.setTimeout(() => {
        this.#pauses.delete(timer);
        resolve(!this.#closed);
      }, RETRY_DELAY_MS);
      this.#pauses.set(timer, () => {
        resolve(false);
      });
    });
  }
}
