import type { TimerHandle } from '../scheduler/clock.js';
import type { ClusterClock } from './cluster-clock.js';
import type { Coordinator, Members } from './coordinator.js';
import { HEARTBEAT_MS } from './membership.js';

/**
 * Renews this instance's membership every `HEARTBEAT_MS` from the first `start()` until `stop()`, and
 * hands every answer (who is a member) to `onMembers`, failures to `onError`. Its timer never keeps
 * the process alive.
 */
export class Heartbeat {
  readonly #coordinator: Coordinator;
  readonly #clock: ClusterClock;
  readonly #onMembers: (members: Members) => void;
  readonly #onError: (error: unknown) => void;
  #first: Promise<void> | undefined;
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(
    coordinator: Coordinator,
    clock: ClusterClock,
    onMembers: (members: Members) => void,
    onError: (error: unknown) => void,
  ) {
    this.#coordinator = coordinator;
    this.#clock = clock;
    this.#onMembers = onMembers;
    this.#onError = onError;
  }

  /** Starts beating (once); resolves after the first beat that got an answer, rejects if it failed. */
  start(): Promise<void> {
    if (this.#first === undefined) {
      this.#first = this.#beat();
      this.#first.catch(() => {
        // Reported to onError; the next start() (a retried registration) beats again.
        this.#first = undefined;
      });
    }
    return this.#first;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #beat(): Promise<void> {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      const sentAt = this.#clock.mark();
      const members = await this.#coordinator.heartbeat();
      this.#clock.measure(sentAt, members.storeTime);
      if (!this.#stopped) this.#onMembers(members);
    } catch (error) {
      this.#onError(error);
      throw error;
    } finally {
      this.#schedule();
    }
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#beat().catch(() => undefined);
    }, HEARTBEAT_MS);
    this.#timer.unref?.();
  }
}
