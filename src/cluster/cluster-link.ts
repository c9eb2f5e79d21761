import { SchedulerClosedError } from '../errors.js';
import { buildTimetable } from '../scheduler/build-timetable.js';
import type { Clock, TimerHandle } from '../scheduler/clock.js';
import type { TaskRecord } from '../scheduler/task.js';
import { ClaimQueue } from './claim-queue.js';
import type { ClaimLoss, ClaimResult, ClusterCommand, ClusterTaskState, Coordinator } from './coordinator.js';
import { ClusterClock } from './cluster-clock.js';
import type { ClusterHost } from './cluster-host.js';
import { Heartbeat } from './heartbeat.js';
import { MEMBER_LEASE_MS } from './membership.js';
import { Ownership } from './ownership.js';
import { leaseDuration, taskSpec, withClusterSpec } from './task-spec.js';
import type { OverlapPolicy } from '../options/task-options.js';

export type { ClusterHost } from './cluster-host.js';

/** How long to wait before retrying a registration, restart, stop or remove that failed. */
const RETRY_DELAY_MS = 1_000;

/**
 * How far behind an owner still claims each missed planned run. Beyond it the missed runs coalesce
 * as they do locally: an owner blocked that long has lost its membership, and another instance took
 * its tasks over.
 */
const CATCH_UP_MS = MEMBER_LEASE_MS;

const DONE = Promise.resolve();

/** What the cluster agreed for a task: the epoch this instance follows and the cluster's options. */
interface Agreement {
  readonly epoch: number;
  readonly anchor: number;
  readonly runs: number | undefined;
  readonly overlap: OverlapPolicy;
  /** The last planned time skipped here as another instance's: claimed late if the task moves here. */
  skipped: number | undefined;
}

/**
 * The scheduler's side of cluster mode: agrees each task's timetable before its first run, keeps this
 * instance's membership, claims the planned runs of the tasks it owns (the co-due ones in one call)
 * and skips the others', applies other instances' commands, and reports an outage of the store once
 * (from the first failed call to the next call that succeeds).
 */
export class ClusterLink {
  /** The store's clock as measured here: the scheduler plans its cluster tasks on it. */
  readonly clock: ClusterClock;
  readonly #coordinator: Coordinator;
  readonly #host: ClusterHost;
  readonly #claims: ClaimQueue;
  readonly #heartbeat: Heartbeat;
  readonly #ownership: Ownership;
  /** The cluster epoch each task follows here: claims name it, so a restart elsewhere is noticed. */
  readonly #agreed = new Map<string, Agreement>();
  /** Agreements in progress, awaited by `asyncAdd` and `asyncRestart`. */
  readonly #joins = new Map<string, Promise<void>>();
  /** Pending retry pauses: their timers, and how to end each early (at close). */
  readonly #retries = new Map<TimerHandle, () => void>();
  /**
   * Tasks with a claim in flight. A tick that comes before the previous claim was answered is
   * coalesced into it (not claimed), so a slow or overloaded Redis never piles up claims.
   */
  readonly #claiming = new Set<TaskRecord>();
  #down = false;
  #closed = false;

  constructor(coordinator: Coordinator, localClock: Clock, host: ClusterHost) {
    this.clock = new ClusterClock(localClock);
    this.#coordinator = coordinator;
    this.#host = host;
    this.#claims = new ClaimQueue(coordinator, this.clock);
    this.#ownership = new Ownership(coordinator.memberId, (key) => {
      this.#takeOver(key);
    });
    this.#heartbeat = new Heartbeat(
      coordinator,
      this.clock,
      (members) => {
        this.#down = false;
        this.#ownership.updateMembers(members.leases.keys());
      },
      (error) => {
        this.#fail(error);
      },
    );
    coordinator.listen(
      (command) => {
        this.#apply(command);
      },
      (error) => {
        this.#fail(error);
      },
    );
  }

  /**
   * A task was (re)started here: it waits off the queue until the cluster agrees its timetable (the
   * first registration's anchor, or a new one on restart). Retries while the store is unreachable.
   */
  join(record: TaskRecord, restarting: boolean): void {
    this.#host.hold(record);
    const generation = record.generation;
    const key = record.options.key;
    const joined = this.#agree(record, generation, restarting).finally(() => {
      if (this.#joins.get(key) === joined) this.#joins.delete(key);
    });
    this.#joins.set(key, joined);
    // `add` does not await the agreement: a failure must not surface as an unhandled rejection.
    joined.catch((error: unknown) => {
      this.#agreementFailed(error);
    });
  }

  /**
   * Resolves once the task's timetable is agreed (at once when nothing is pending); rejects with
   * `SchedulerClosedError` when the scheduler closed before the cluster agreed.
   */
  joined(key: string): Promise<void> {
    return this.#joins.get(key) ?? Promise.resolve();
  }

  /**
   * A planned run is due here: plan its successor, then, if this instance owns the task, start the
   * run once its claim wins; another instance's task is skipped here (`claimed-elsewhere`).
   */
  tick(record: TaskRecord, plannedAt: number, now: number): void {
    const timetable = record.timetable;
    const key = record.options.key;
    const agreement = this.#agreed.get(key);
    if (timetable === undefined || agreement === undefined) {
      // Not on an agreed timetable (cannot happen after #adopt): off the queue, never a busy loop.
      this.#host.hold(record);
      return;
    }
    const owned = this.#ownership.owns(key);
    // An owner that fell behind (a blocked loop, a slow start) claims every planned run it missed
    // within CATCH_UP_MS, one after the other, instead of coalescing them: no other instance would.
    const next = timetable.nextAfter(owned ? Math.max(plannedAt, now - CATCH_UP_MS) : now);
    const behind = next !== undefined && next <= now;
    if (next === undefined) {
      this.#host.hold(record);
      record.exhausted = true;
    } else if (behind) {
      // Off the queue until this claim (and its run) is done, then on to the next missed one.
      this.#host.hold(record);
    } else {
      this.#host.plan(record, next);
    }
    if (!owned) {
      agreement.skipped = plannedAt;
      this.#host.skip(record, plannedAt, 'claimed-elsewhere');
      if (record.exhausted) this.#host.exhaust(record);
      return;
    }
    this.#claim(record, agreement, plannedAt, next, behind);
  }

  /** A claim made while behind is done (and its run, if it won): plan the next planned run. */
  #catchUp(record: TaskRecord, generation: number, plannedAt: number): void {
    const timetable = record.timetable;
    if (record.generation !== generation || record.status !== 'active' || record.exhausted) return;
    if (timetable === undefined || record.nextRunAt !== undefined) return;
    const next = timetable.nextAfter(Math.max(plannedAt, this.clock.now() - CATCH_UP_MS));
    if (next === undefined) this.#host.exhaust(record);
    else this.#host.plan(record, next);
  }

  /**
   * The task just moved here (its owner left, died, or lost the rendezvous to this instance): the last
   * planned time skipped here may have run nowhere, the old owner gone before it, so it is claimed
   * now, late. If the old owner ran it, the claim comes back taken.
   */
  #takeOver(key: string): void {
    const record = this.#host.record(key);
    const agreement = this.#agreed.get(key);
    const skipped = agreement?.skipped;
    if (record?.status !== 'active' || agreement === undefined || skipped === undefined) return;
    agreement.skipped = undefined;
    if (record.inFlight > 0 && agreement.overlap === 'skip') return;
    this.#claim(record, agreement, skipped, record.nextRunAt, false);
  }

  #claim(
    record: TaskRecord,
    agreement: Agreement,
    plannedAt: number,
    next: number | undefined,
    behind: boolean,
  ): void {
    if (this.#claiming.has(record)) return;
    this.#claiming.add(record);
    const generation = record.generation;
    const key = record.options.key;
    const { epoch, runs, overlap } = agreement;
    this.#claims.add({
      request: {
        key,
        epoch,
        plannedAt,
        runs,
        exclusive: overlap === 'skip' && next !== undefined,
        leaseMs: leaseDuration(plannedAt, next),
        holdersVersion: this.#ownership.holdersVersion(key),
      },
      settle: (result) => {
        this.#claiming.delete(record);
        if (result.holders !== undefined) this.#ownership.setHolders(key, result.holders);
        const run = this.#claimed(record, generation, plannedAt, result);
        if (behind) {
          void run.then(() => {
            this.#catchUp(record, generation, plannedAt);
          });
        }
      },
      fail: (error) => {
        this.#claiming.delete(record);
        this.#fail(error);
        if (behind) this.#catchUp(record, generation, plannedAt);
        // A last planned run that could not be claimed is lost (at most once): the task completes.
        if (record.exhausted && record.generation === generation && record.status === 'active') {
          this.#host.exhaust(record);
        }
      },
    });
  }

  /** Tells the cluster that a task was stopped or removed here. */
  announce(command: 'stop' | 'remove', key: string): void {
    if (command === 'remove') {
      this.#agreed.delete(key);
      this.#ownership.forget(key);
    }
    void this.#tell(command, key);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#heartbeat.stop();
    // End every pause now, not just its timer: a retry loop left waiting would keep asyncAdd pending forever.
    for (const [timer, end] of this.#retries) {
      this.clock.clearTimeout(timer);
      end();
    }
    this.#retries.clear();
    await this.#coordinator.close();
  }

  /**
   * Sends a stop or remove until the store has it: a command lost to an outage would leave the task
   * running elsewhere. Gives up once the task changed here again (restarted, or added anew).
   */
  async #tell(command: 'stop' | 'remove', key: string): Promise<void> {
    await this.#persist(
      () => (command === 'stop' ? this.#coordinator.stop(key) : this.#coordinator.remove(key)),
      () => {
        const record = this.#host.record(key);
        return command === 'stop' ? record?.status === 'stopped' : record === undefined;
      },
    );
  }

  /**
   * Registers (or restarts) the task with the cluster, then puts it on the agreed timetable. A
   * `rejoin` proposes the anchor followed so far and resumes at the planned run that found the state
   * missing, so that a Redis that lost its data shifts no timetable.
   */
  async #agree(
    record: TaskRecord,
    generation: number,
    restarting: boolean,
    rejoin?: { readonly anchor: number; readonly plannedAt: number },
  ): Promise<void> {
    const spec = taskSpec(record.options);
    const proposal = rejoin === undefined ? spec : { ...spec, firstRun: rejoin.anchor };
    const current = (): boolean => record.generation === generation && record.status === 'active';
    const state = await this.#persist(async () => {
      // A member first: the registration prunes holders that are not, and owners are chosen among members.
      await this.#heartbeat.start();
      const sentAt = this.clock.mark();
      const agreed = await (restarting
        ? this.#coordinator.restart(proposal)
        : this.#coordinator.register(proposal));
      this.clock.measure(sentAt, agreed.storeTime);
      return agreed;
    }, current);
    if (state !== undefined && current()) this.#adopt(record, state, rejoin?.plannedAt);
    else if (this.#closed) throw new SchedulerClosedError(record.options.key);
  }

  /** The store has no state for the task (Redis lost its data): register it again and carry on. */
  #rejoin(record: TaskRecord, generation: number, plannedAt: number): void {
    const agreed = this.#agreed.get(record.options.key);
    if (agreed === undefined) return;
    this.#host.hold(record);
    this.#agree(record, generation, false, { anchor: agreed.anchor, plannedAt }).catch((error: unknown) => {
      this.#agreementFailed(error);
    });
  }

  /** An agreement that ended without one: a close is no store fault and is not reported. */
  #agreementFailed(error: unknown): void {
    if (!(error instanceof SchedulerClosedError)) this.#host.error(error);
  }

  /**
   * Calls `attempt` until it succeeds, a pause between tries; gives up (`undefined`) once the link
   * closed or `wanted()` turned false. Each failure counts towards the current outage.
   */
  async #persist<T>(attempt: () => Promise<T>, wanted: () => boolean): Promise<T | undefined> {
    for (;;) {
      try {
        const result = await attempt();
        this.#down = false;
        return result;
      } catch (error) {
        this.#fail(error);
      }
      if (!(await this.#pause()) || !wanted()) return undefined;
    }
  }

  /** Waits before a retry; false if the link closed meanwhile. */
  #pause(): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.#closed) {
        resolve(false);
        return;
      }
      const timer = this.clock.setTimeout(() => {
        this.#retries.delete(timer);
        resolve(!this.#closed);
      }, RETRY_DELAY_MS);
      this.#retries.set(timer, () => {
        resolve(false);
      });
    });
  }

  /**
   * Puts a task on the cluster's timetable, where the cluster is: past runs are not run again. With
   * `resumeAt`, the first planned run is the one at (or after) that time.
   */
  #adopt(record: TaskRecord, state: ClusterTaskState, resumeAt?: number): void {
    // The cluster's timing options, not necessarily this instance's (the first registration's win).
    const options = withClusterSpec(record.options, state.spec);
    const { key, runs } = options;
    this.#agreed.set(key, {
      epoch: state.epoch,
      anchor: state.anchor,
      runs,
      overlap: options.overlap,
      skipped: undefined,
    });
    this.#ownership.setHolders(key, state.holders);
    if (state.status === 'stopped') {
      this.#host.stop(key);
      return;
    }
    record.runCount = state.runCount;
    record.lastRunAt = state.lastRunAt;
    const anchor = state.anchor;
    const timetable = buildTimetable({ ...options, firstRun: anchor }, anchor, false);
    const after = Math.max(
      state.lastPlannedAt ?? -Infinity,
      resumeAt === undefined ? -Infinity : resumeAt - 1,
    );
    const first = after === -Infinity ? timetable.first() : timetable.nextAfter(after);
    if (first === undefined || (runs !== undefined && state.runCount >= runs)) {
      record.timetable = timetable;
      this.#host.exhaust(record);
      return;
    }
    this.#host.begin(record, timetable, first);
  }

  /** Applies a claim's answer; resolves when the run it started (if any) ended. */
  #claimed(record: TaskRecord, generation: number, plannedAt: number, result: ClaimResult): Promise<void> {
    this.#down = false;
    if (record.generation !== generation || record.status !== 'active') {
      // Stopped or restarted meanwhile: the planned run belongs to a timetable that is gone.
      if (result.won) result.release();
      return DONE;
    }
    const host = this.#host;
    const runs = this.#agreed.get(record.options.key)?.runs;
    record.runCount = result.runCount;
    const reachedRuns = runs !== undefined && result.runCount >= runs;
    if (result.won) {
      const ran = host.run(record, result.runCount, plannedAt).then(result.release);
      if (reachedRuns) {
        host.exhaust(record);
        // The other instances claim nothing of this task: they learn here that it is done.
        const epoch = this.#agreed.get(record.options.key)?.epoch ?? 0;
        this.#coordinator.complete(record.options.key, epoch, result.runCount).catch((error: unknown) => {
          this.#fail(error);
        });
      }
      return ran;
    }
    this.#lost(record, generation, plannedAt, result.reason, reachedRuns);
    if (result.lastRunAt !== undefined) record.lastRunAt = result.lastRunAt;
    return DONE;
  }

  #lost(
    record: TaskRecord,
    generation: number,
    plannedAt: number,
    reason: ClaimLoss,
    reachedRuns: boolean,
  ): void {
    const host = this.#host;
    switch (reason) {
      case 'taken':
      case 'busy':
        host.skip(record, plannedAt, reason === 'busy' ? 'overlap' : 'claimed-elsewhere');
        if (reachedRuns || record.exhausted) host.exhaust(record);
        return;
      case 'exhausted':
        host.exhaust(record);
        return;
      case 'stopped':
        host.stop(record.options.key);
        return;
      case 'removed':
        host.remove(record.options.key);
        return;
      case 'lost':
        this.#rejoin(record, generation, plannedAt);
        return;
      case 'stale':
        this.#resync(record, generation);
        return;
    }
  }

  /** The task was restarted elsewhere and the message was missed: follow the cluster's new epoch. */
  #resync(record: TaskRecord, generation: number): void {
    const key = record.options.key;
    this.#coordinator.state(key).then(
      (state) => {
        if (record.generation !== generation || record.status !== 'active') return;
        if (state === undefined) this.#host.remove(key);
        else this.#restartFrom(record, state);
      },
      (error: unknown) => {
        this.#fail(error);
      },
    );
  }

  #restartFrom(record: TaskRecord, state: ClusterTaskState): void {
    this.#host.reset(record);
    this.#host.hold(record);
    this.#adopt(record, state);
  }

  #apply(command: ClusterCommand): void {
    if (this.#closed) return;
    if (command.type === 'leave') {
      this.#ownership.dropMember(command.member);
      return;
    }
    const record = this.#host.record(command.key);
    if (record === undefined) return;
    switch (command.type) {
      case 'restart':
        this.#restartFrom(record, command.state);
        return;
      case 'stop':
        this.#host.stop(command.key);
        return;
      case 'remove':
        this.#ownership.forget(command.key);
        this.#host.remove(command.key);
        return;
      case 'complete':
        if (record.status === 'active' && this.#agreed.get(command.key)?.epoch === command.epoch) {
          record.runCount = command.runCount;
          this.#host.exhaust(record);
        }
    }
  }

  #fail(error: unknown): void {
    if (this.#down || this.#closed) return;
    this.#down = true;
    this.#host.error(error);
  }
}
