import type { TaskHolders } from './coordinator.js';
import { Membership } from './membership.js';
import { Rendezvous } from './rendezvous.js';

interface Holding {
  version: number;
  ids: readonly string[];
  owned: boolean;
}

/**
 * Which of this instance's tasks it owns: those for which it wins the rendezvous among the task's
 * holders that are live members (itself always counting as both). Recomputed for every task when
 * the membership changes, for one task when its holders do.
 *
 * Views may lag (a heartbeat every quarter lease, holders learned from registrations and claims),
 * but never so that a task has no claimant while its true owner lives: holders only ever grow
 * between prunes, so the list an instance knows is a subset of the true one, and the true winner
 * wins among any subset that holds it, as its own does. Lagging views only make two instances claim
 * the same task for a while, which the claims arbitrate.
 */
export class Ownership {
  readonly #self: string;
  readonly #members: Membership;
  readonly #rendezvous = new Rendezvous();
  readonly #holdings = new Map<string, Holding>();
  /** Told of every task this instance comes to own after owning it not (a handover to it). */
  readonly #gained: (key: string) => void;
  #membersVersion: number;

  constructor(self: string, gained: (key: string) => void) {
    this.#self = self;
    this.#gained = gained;
    this.#members = new Membership(self);
    this.#membersVersion = this.#members.version;
  }

  /** Whether this instance is the one to claim `key`'s planned runs (true for a task it never heard of). */
  owns(key: string): boolean {
    return this.#holdings.get(key)?.owned ?? true;
  }

  /** The holders version this instance knows for `key` (sent with claims). */
  holdersVersion(key: string): number {
    return this.#holdings.get(key)?.version ?? 0;
  }

  /** The task's holders as the store told them (whatever the version: a store that lost its data restarts it). */
  setHolders(key: string, holders: TaskHolders): void {
    const known = this.#holdings.get(key);
    const holding: Holding = { version: holders.version, ids: holders.ids, owned: false };
    holding.owned = this.#decide(key, holding);
    this.#holdings.set(key, holding);
    if (known !== undefined && !known.owned && holding.owned) this.#gained(key);
  }

  forget(key: string): void {
    this.#holdings.delete(key);
  }

  /** A heartbeat's member list. */
  updateMembers(ids: Iterable<string>): void {
    this.#members.update(ids);
    this.#recomputeIfChanged();
  }

  /** A member announced it left. */
  dropMember(id: string): void {
    this.#members.drop(id);
    this.#recomputeIfChanged();
  }

  #recomputeIfChanged(): void {
    if (this.#members.version === this.#membersVersion) return;
    this.#membersVersion = this.#members.version;
    for (const [key, holding] of this.#holdings) {
      const owned = this.#decide(key, holding);
      if (owned && !holding.owned) {
        holding.owned = true;
        this.#gained(key);
      } else holding.owned = owned;
    }
  }

  #decide(key: string, holding: Holding): boolean {
    const candidates = [this.#self];
    for (const id of holding.ids) if (id !== this.#self && this.#members.has(id)) candidates.push(id);
    return this.#rendezvous.owner(key, candidates) === this.#self;
  }
}
