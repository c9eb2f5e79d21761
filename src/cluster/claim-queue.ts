import { CoordinatorUnavailableError } from '../errors.js';
import type { ClaimRequest, ClaimResult, Coordinator } from './coordinator.js';
import type { ClusterClock } from './cluster-clock.js';

/** One claim waiting for its batch, and what to do with its answer. */
export interface PendingClaim {
  readonly request: ClaimRequest;
  readonly settle: (result: ClaimResult) => void;
  readonly fail: (error: unknown) => void;
}

/**
 * Batches claims: every claim made in one turn of the event loop (the planned runs that one alarm
 * found due) goes to the store in one call, sent from a microtask once the turn's ticks are done.
 * One call, one round trip and one deadline for the batch, instead of one of each per planned run.
 */
export class ClaimQueue {
  readonly #coordinator: Coordinator;
  readonly #clock: ClusterClock;
  #pending: PendingClaim[] = [];

  constructor(coordinator: Coordinator, clock: ClusterClock) {
    this.#coordinator = coordinator;
    this.#clock = clock;
  }

  add(claim: PendingClaim): void {
    if (this.#pending.push(claim) === 1) {
      queueMicrotask(() => {
        this.#send();
      });
    }
  }

  #send(): void {
    const batch = this.#pending;
    this.#pending = [];
    const sentAt = this.#clock.mark();
    this.#coordinator.claim(batch.map((claim) => claim.request)).then(
      (answer) => {
        this.#clock.measure(sentAt, answer.storeTime);
        batch.forEach((claim, index) => {
          const result = answer.results[index];
          if (result === undefined)
            claim.fail(new CoordinatorUnavailableError('fewer claims answered than sent'));
          else claim.settle(result);
        });
      },
      (error: unknown) => {
        for (const claim of batch) claim.fail(error);
      },
    );
  }
}
