/**
 * Rendezvous (highest random weight) hashing: the owner of a task is the candidate whose hash with the
 * task's key is the highest. Every instance computes the same owner from the same candidates, with no
 * coordination; when a candidate joins or leaves, only the tasks it wins or held move (about 1/n of
 * them), where `hash mod n` would move almost all.
 */

export class Rendezvous {
  /** Member ids are few and met for every task: their hashes are kept (bounded, see `#hashOf`). */
  readonly #memberHashes = new Map<string, number>();

  /** The owner of `key` among `candidates`, `undefined` when there is none. */
  owner(key: string, candidates: Iterable<string>): string | undefined {
    const keyHash = fnv1a(key);
    let owner: string | undefined;
    let best = -1;
    for (const candidate of candidates) {
      const weight = mix(keyHash ^ this.#hashOf(candidate));
      // Ties (rare with 32 bits) go to the smaller id, so that every instance breaks them alike.
      if (weight > best || (weight === best && owner !== undefined && candidate < owner)) {
        best = weight;
        owner = candidate;
      }
    }
    return owner;
  }

  #hashOf(id: string): number {
    let hash = this.#memberHashes.get(id);
    if (hash === undefined) {
      // Ids of instances long gone must not pile up in a process that outlives many restarts elsewhere.
      if (this.#memberHashes.size >= 4_096) this.#memberHashes.clear();
      hash = fnv1a(id);
      this.#memberHashes.set(id, hash);
    }
    return hash;
  }
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads the combined hash's bits, so that XOR-ed inputs weigh fairly. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
