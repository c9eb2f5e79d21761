import type { Clock, TimerHandle } from '../scheduler/clock.js';

/** A kept measurement older than this gives way to the next one, whatever its round trip. */
const SAMPLE_LIFETIME_MS = 10_000;

/**
 * The clock of cluster mode: the store's (Redis's `TIME`), as this instance measures it. Every
 * instance plans, coalesces and claims on it, so a planned time means the same moment everywhere
 * and an instance whose own clock is off (by any amount) neither claims runs ahead of the others
 * (which made the store refuse theirs as taken) nor runs them late.
 *
 * It advances with the local *monotonic* clock from the last measurement, so a wall-clock step on
 * this machine (NTP, a user) changes nothing either. A measurement is the store's time in a reply,
 * taken as the midpoint of the call: its error is at most half the round trip. The one with the
 * shortest round trip is kept, until it is `SAMPLE_LIFETIME_MS` old (so that rate drift stays small).
 * Until the first reply the local wall clock stands in; no cluster task runs before that reply.
 */
export class ClusterClock implements Clock {
  readonly #local: Clock;
  /** The store's time minus the local monotonic reading. */
  #offset: number;
  #keptRoundTrip = Infinity;
  #keptAt = -Infinity;
  /** The last reading handed out: a new measurement never makes time go backwards. */
  #last = -Infinity;
  readonly canPoll: (() => boolean) | undefined;
  readonly setImmediate: ((callback: () => void) => TimerHandle) | undefined;
  readonly clearImmediate: ((handle: TimerHandle) => void) | undefined;

  constructor(local: Clock) {
    this.#local = local;
    this.#offset = local.now() - local.monotonic();
    // The precise wake polls `now()` between loop turns, which works the same on this clock.
    this.canPoll = local.canPoll?.bind(local);
    this.setImmediate = local.setImmediate?.bind(local);
    this.clearImmediate = local.clearImmediate?.bind(local);
  }

  now(): number {
    const now = this.#local.monotonic() + this.#offset;
    if (now > this.#last) this.#last = now;
    return this.#last;
  }

  monotonic(): number {
    return this.#local.monotonic();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.#local.setTimeout(callback, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    this.#local.clearTimeout(handle);
  }

  /** Starts a call to the store: pass the result to `measure` with the store's time of the reply. */
  mark(): number {
    return this.#local.monotonic();
  }

  /** A reply carrying the store's time `storeTime` came back for a call started at `sentAt` (`mark`). */
  measure(sentAt: number, storeTime: number): void {
    if (!Number.isFinite(storeTime)) return;
    const receivedAt = this.#local.monotonic();
    const roundTrip = receivedAt - sentAt;
    if (roundTrip > this.#keptRoundTrip && receivedAt - this.#keptAt < SAMPLE_LIFETIME_MS) return;
    this.#keptRoundTrip = roundTrip;
    this.#keptAt = receivedAt;
    this.#offset = storeTime - (sentAt + receivedAt) / 2;
  }
}
