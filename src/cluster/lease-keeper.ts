import { LuaScript, type ScriptRunner } from './redis-client.js';
import { RELEASE_SCRIPT, RENEW_SCRIPT } from './redis-scripts.js';

const RENEW = new LuaScript(RENEW_SCRIPT);
const RELEASE = new LuaScript(RELEASE_SCRIPT);

/** Renewals per lease period: two may fail (a slow round trip) before the lease lapses. */
const RENEWALS_PER_LEASE = 3;

interface HeldLease {
  readonly key: string;
  readonly token: string;
  readonly timer: ReturnType<typeof setInterval>;
}

/**
 * Keeps the leases of exclusive runs alive while they go: each is renewed a few times per period and
 * released when its run ends. A lease whose holder dies is not renewed and lapses by itself, which is
 * what lets another instance take the next planned run.
 */
export class LeaseKeeper {
  readonly #redis: ScriptRunner;
  readonly #onError: (error: unknown) => void;
  readonly #held = new Set<HeldLease>();

  constructor(redis: ScriptRunner, onError: (error: unknown) => void) {
    this.#redis = redis;
    this.#onError = onError;
  }

  /** Starts renewing the lease `key` held with `token`; returns the function that releases it. */
  hold(key: string, token: string, leaseMs: number): () => void {
    const ttl = String(Math.ceil(leaseMs));
    const timer = setInterval(() => {
      this.#redis.run(RENEW, [key], [token, ttl]).catch(this.#onError);
    }, leaseMs / RENEWALS_PER_LEASE);
    // A lease must never keep the process alive; the run it belongs to does that.
    timer.unref();
    const lease: HeldLease = { key, token, timer };
    this.#held.add(lease);
    return () => {
      if (this.#held.delete(lease)) void this.#release(lease);
    };
  }

  /** Releases every lease still held (runs are drained before the coordinator closes). */
  async close(): Promise<void> {
    const leases = [...this.#held];
    this.#held.clear();
    await Promise.all(leases.map((lease) => this.#release(lease)));
  }

  async #release(lease: HeldLease): Promise<void> {
    clearInterval(lease.timer);
    // If Redis is unreachable the lease simply lapses at the end of its period.
    await this.#redis.run(RELEASE, [lease.key], [lease.token]).catch(this.#onError);
  }
}
