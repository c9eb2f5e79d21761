import { LuaScript, type ScriptRunner } from './redis-client.js';
import { RENEW_SCRIPT } from './redis-scripts.js';

const RENEW = new LuaScript(RENEW_SCRIPT);

/** Renewals per lease period: two may fail (a slow round trip) before the lease lapses. */
const RENEWALS_PER_LEASE = 3;

interface HeldLease {
  readonly key: string;
  readonly timer: ReturnType<typeof setInterval>;
}

/**
 * Keeps the leases of exclusive runs alive while they go: each is renewed a few times per period
 * (only runs longer than a third of their lease cost a renewal). When a run ends its lease is handed
 * to `release`, which sends it with the next claim rather than in a call of its own. A lease whose
 * holder dies is not renewed and lapses by itself, which is what lets another instance take the next
 * planned run.
 */
export class LeaseKeeper {
  readonly #redis: ScriptRunner;
  readonly #member: string;
  readonly #release: (key: string) => void;
  readonly #onError: (error: unknown) => void;
  readonly #held = new Set<HeldLease>();

  constructor(
    redis: ScriptRunner,
    member: string,
    release: (key: string) => void,
    onError: (error: unknown) => void,
  ) {
    this.#redis = redis;
    this.#member = member;
    this.#release = release;
    this.#onError = onError;
  }

  /** Starts renewing the lease of task hash `key`; returns the function that releases it. */
  hold(key: string, leaseMs: number): () => void {
    const args = [this.#member, String(Math.ceil(leaseMs))];
    const timer = setInterval(() => {
      this.#redis.run(RENEW, [key], args).catch(this.#onError);
    }, leaseMs / RENEWALS_PER_LEASE);
    // A lease must never keep the process alive; the run it belongs to does that.
    timer.unref();
    const lease: HeldLease = { key, timer };
    this.#held.add(lease);
    return () => {
      if (this.#held.delete(lease)) this.#end(lease);
    };
  }

  /** Releases every lease still held (runs are drained before the coordinator closes). */
  close(): void {
    for (const lease of this.#held) this.#end(lease);
    this.#held.clear();
  }

  #end(lease: HeldLease): void {
    clearInterval(lease.timer);
    this.#release(lease.key);
  }
}
