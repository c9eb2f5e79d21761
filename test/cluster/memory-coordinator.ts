/**
 * An in-memory `Coordinator` for deterministic tests of the cluster link on a `FakeClock`: one
 * `MemoryStore` stands for Redis (a planned time at or before the last one claimed is refused, runs
 * are counted, holders kept), each `MemoryCoordinator` is one instance's view of it. Claims can be held
 * back (`hold`) to play a slow store. Not a model of everything Redis does: no leases, no tombstones.
 */
import type {
  ClaimBatch,
  ClaimRequest,
  ClaimResult,
  ClusterCommand,
  ClusterTaskSpec,
  ClusterTaskState,
  Coordinator,
  Members,
} from '../../src/cluster/coordinator.js';
import type { Clock } from '../../src/scheduler/clock.js';

interface StoredTask {
  readonly anchor: number;
  readonly spec: string;
  last: number | undefined;
  count: number;
  holders: string[];
  version: number;
}

export class MemoryStore {
  readonly tasks = new Map<string, StoredTask>();
  readonly members = new Set<string>();
  listeners = new Set<(origin: string, command: ClusterCommand) => void>();
  /** Every claim request that reached the store, in order. */
  readonly claims: ClaimRequest[] = [];

  constructor(readonly clock: Clock) {}
}

export class MemoryCoordinator implements Coordinator {
  readonly #store: MemoryStore;
  /** While set, claim calls wait until `release()` is called. */
  #held: (() => void)[] | undefined;

  constructor(
    store: MemoryStore,
    readonly memberId: string,
  ) {
    this.#store = store;
  }

  /** Holds claim calls back until `release()`. */
  hold(): void {
    this.#held ??= [];
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const go of held) go();
  }

  register(task: ClusterTaskSpec): Promise<ClusterTaskState> {
    const store = this.#store;
    let stored = store.tasks.get(task.key);
    if (stored === undefined) {
      stored = {
        anchor: task.firstRun ?? store.clock.now(),
        spec: task.spec,
        last: undefined,
        count: 0,
        holders: [],
        version: 0,
      };
      store.tasks.set(task.key, stored);
    }
    if (!stored.holders.includes(this.memberId)) {
      stored.holders.push(this.memberId);
      stored.version += 1;
    }
    return Promise.resolve(this.#state(stored, task.spec));
  }

  restart(task: ClusterTaskSpec): Promise<ClusterTaskState> {
    this.#store.tasks.delete(task.key);
    return this.register(task);
  }

  state(key: string): Promise<ClusterTaskState | undefined> {
    const stored = this.#store.tasks.get(key);
    return Promise.resolve(stored === undefined ? undefined : this.#state(stored, stored.spec));
  }

  async claim(requests: readonly ClaimRequest[]): Promise<ClaimBatch> {
    if (this.#held !== undefined) {
      const held = this.#held;
      await new Promise<void>((resolve) => held.push(resolve));
    }
    const store = this.#store;
    const results = requests.map((request): ClaimResult => {
      store.claims.push(request);
      const stored = store.tasks.get(request.key);
      if (stored === undefined) {
        return { won: false, reason: 'lost', runCount: 0, lastRunAt: undefined, holders: undefined };
      }
      const holders =
        stored.version === request.holdersVersion
          ? undefined
          : { version: stored.version, ids: stored.holders };
      if (stored.last !== undefined && stored.last >= request.plannedAt) {
        return { won: false, reason: 'taken', runCount: stored.count, lastRunAt: undefined, holders };
      }
      stored.last = request.plannedAt;
      stored.count += 1;
      return { won: true, runCount: stored.count, lastRunAt: store.clock.now(), release: noop, holders };
    });
    return { storeTime: store.clock.now(), results };
  }

  heartbeat(): Promise<Members> {
    this.#store.members.add(this.memberId);
    const lapse = this.#store.clock.now() + 1_000;
    const leases = new Map([...this.#store.members].map((id) => [id, lapse]));
    return Promise.resolve({ storeTime: this.#store.clock.now(), leases });
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  remove(): Promise<void> {
    return Promise.resolve();
  }

  complete(key: string, epoch: number, runCount: number): Promise<void> {
    this.#publish({ type: 'complete', key, epoch, runCount });
    return Promise.resolve();
  }

  listen(onCommand: (command: ClusterCommand) => void): void {
    this.#store.listeners.add((origin, command) => {
      if (origin !== this.memberId) onCommand(command);
    });
  }

  leave(): Promise<void> {
    if (this.#store.members.delete(this.memberId)) this.#publish({ type: 'leave', member: this.memberId });
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.leave();
  }

  #publish(command: ClusterCommand): void {
    for (const listener of this.#store.listeners) listener(this.memberId, command);
  }

  #state(stored: StoredTask, registered: string): ClusterTaskState {
    return {
      epoch: 1,
      anchor: stored.anchor,
      status: 'active',
      runCount: stored.count,
      lastRunAt: undefined,
      lastPlannedAt: stored.last,
      specMatches: stored.spec === registered,
      spec: stored.spec,
      holders: { version: stored.version, ids: [...stored.holders] },
      storeTime: this.#store.clock.now(),
    };
  }
}

function noop(): void {
  // No lease in this store.
}
