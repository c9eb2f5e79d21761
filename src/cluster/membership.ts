/**
 * How long an instance's membership lasts without a renewal: what bounds how long the tasks of an
 * instance that died (killed, cut off from the store) go unclaimed before another instance owns them.
 */
export const MEMBER_LEASE_MS = 1_000;

/** How often an instance renews its membership (and reads everyone's): three may fail in a row. */
export const HEARTBEAT_MS = MEMBER_LEASE_MS / 4;

/**
 * This instance's view of the membership: the members the last heartbeat listed, less those that
 * announced they left since. `version` changes whenever the set does, so that owners are recomputed
 * only then.
 */
export class Membership {
  readonly #self: string;
  #live = new Set<string>();
  #version = 0;

  constructor(self: string) {
    this.#self = self;
  }

  get version(): number {
    return this.#version;
  }

  /** Whether `id` counts as live. This instance always does: it claims for as long as it runs. */
  has(id: string): boolean {
    return id === this.#self || this.#live.has(id);
  }

  /** A heartbeat's list of members (the store lists only those whose lease has not lapsed). */
  update(ids: Iterable<string>): void {
    const live = new Set(ids);
    if (live.size === this.#live.size && [...live].every((id) => this.#live.has(id))) return;
    this.#live = live;
    this.#version += 1;
  }

  /** `id` announced it left. */
  drop(id: string): void {
    if (this.#live.delete(id)) this.#version += 1;
  }
}
