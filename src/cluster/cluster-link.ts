import type { Clock } from '../scheduler/clock.js';
import type { CronCache } from '../scheduler/cron-timetable.js';
import type { GateHost, RunGate } from '../scheduler/run-gate.js';
import type { TaskRecord } from '../scheduler/task.js';
import { Agreements, type Agreement } from './agreements.js';
import { ClaimQueue } from './claim-queue.js';
import { applyClaim, type OutcomeContext } from './claim-outcome.js';
import { ClusterClock } from './cluster-clock.js';
import type { ClusterCommand, Coordinator } from './coordinator.js';
import { Heartbeat } from './heartbeat.js';
import { MEMBER_LEASE_MS } from './membership.js';
import { Ownership } from './ownership.js';
import { Retrier } from './retrier.js';
import { leaseDuration } from './task-spec.js';

/**
 * How far behind an owner still claims each missed planned run. Beyond it the missed runs coalesce
 * as they do locally: an owner blocked that long has lost its membership, and another instance took
 * its tasks over.
 */
const CATCH_UP_MS = MEMBER_LEASE_MS;

/**
 * Cluster mode's gate: agrees each task's timetable before its first run, keeps this instance's
 * membership, claims the planned runs of the tasks it owns (the co-due ones in one call) and skips
 * the others', applies other instances' commands, and reports an outage of the store once (from the
 * first failed call to the next call that succeeds).
 */
export class ClusterLink implements RunGate {
  /** The store's clock as measured here: the scheduler plans its cluster tasks on it. */
  readonly clock: ClusterClock;
  readonly #coordinator: Coordinator;
  readonly #host: GateHost;
  readonly #claims: ClaimQueue;
  readonly #heartbeat: Heartbeat;
  readonly #ownership: Ownership;
  readonly #retrier: Retrier;
  readonly #agreements: Agreements;
  readonly #outcomes: OutcomeContext;
  /** Tasks with a claim in flight. */
  readonly #claiming = new Set<TaskRecord>();
  /**
   * The planned run that fell due while the task's previous claim was in flight: claimed once that
   * one is answered. One per task (a later one replaces it), so a slow Redis never piles up claims.
   */
  readonly #deferred = new Map<TaskRecord, () => void>();
  /** The store is unreachable (reported once): set by `#fail`, cleared by any answer. */
  #down = false;

  constructor(coordinator: Coordinator, localClock: Clock, host: GateHost, crons?: CronCache) {
    this.clock = new ClusterClock(localClock);
    this.#coordinator = coordinator;
    this.#host = host;
    const fail = (error: unknown): void => {
      this.#fail(error);
    };
    const answered = (): void => {
      this.#down = false;
    };
    this.#claims = new ClaimQueue(coordinator, this.clock);
    this.#ownership = new Ownership(coordinator.memberId, (key) => {
      this.#takeOver(key);
    });
    this.#heartbeat = new Heartbeat(
      coordinator,
      this.clock,
      (members) => {
        answered();
        this.#ownership.updateMembers(members.leases.keys());
      },
      fail,
    );
    this.#retrier = new Retrier(this.clock, fail, answered);
    this.#agreements = new Agreements({
      coordinator,
      host,
      clock: this.clock,
      heartbeat: this.#heartbeat,
      ownership: this.#ownership,
      retrier: this.#retrier,
      crons,
      fail,
    });
    this.#outcomes = {
      coordinator,
      host,
      agreements: this.#agreements,
      fail,
      answered,
    };
    coordinator.listen((command) => {
      this.#apply(command);
    }, fail);
  }

  start(record: TaskRecord, restarting: boolean): void {
    this.#agreements.join(record, restarting);
  }

  started(key: string): Promise<void> {
    return this.#agreements.joined(key);
  }

  /**
   * Plans the successor, then, if this instance owns the task, starts the run once its claim wins;
   * another instance's task is skipped here (`claimed-elsewhere`).
   */
  due(record: TaskRecord, plannedAt: number, now: number): void {
    const timetable = record.timetable;
    const key = record.options.key;
    const agreement = this.#agreements.get(key);
    if (timetable === undefined || agreement === undefined) {
      // Not on an agreed timetable (cannot happen after an agreement): off the queue, never a busy loop.
      this.#host.hold(record);
      return;
    }
    const owned = this.#ownership.owns(key);
    // An owner that fell behind (a blocked loop, a slow start) claims every planned run it missed
    // within CATCH_UP_MS, one after the other, instead of coalescing them: no other instance would.
    const next = timetable.nextAfter(owned ? Math.max(plannedAt, now - CATCH_UP_MS) : now);
    const behind = next !== undefined && next <= now;
    if (next === undefined) this.#host.last(record);
    // Off the queue until this claim (and its run) is done, then on to the next missed one.
    else if (behind) this.#host.hold(record);
    else this.#host.plan(record, next);
    if (!owned) {
      agreement.skipped = plannedAt;
      this.#host.skip(record, plannedAt, 'claimed-elsewhere');
      if (record.exhausted) this.#host.exhaust(record);
      return;
    }
    this.#claim(record, agreement, plannedAt, next, behind);
  }

  /** Tells the cluster that a task was stopped or removed here. */
  ended(command: 'stop' | 'remove', key: string): void {
    if (command === 'remove') this.#agreements.forget(key);
    // Sent until the store has it: a command lost to an outage would leave the task running
    // elsewhere. Given up once the task changed here again (restarted, or added anew).
    void this.#retrier.persist(
      () => (command === 'stop' ? this.#coordinator.stop(key) : this.#coordinator.remove(key)),
      () => {
        const record = this.#host.record(key);
        return command === 'stop' ? record?.status === 'stopped' : record === undefined;
      },
    );
  }

  /** This instance claims nothing more: its tasks move to the others now, not when its lease lapses. */
  closing(): void {
    this.#heartbeat.stop();
    void this.#coordinator.leave();
  }

  async close(): Promise<void> {
    this.#retrier.close();
    this.#heartbeat.stop();
    await this.#coordinator.close();
  }

  /**
   * The task just moved here (its owner left, died, or lost the rendezvous to this instance): the last
   * planned time skipped here may have run nowhere, the old owner gone before it, so it is claimed
   * now, late. If the old owner ran it, the claim comes back taken.
   */
  #takeOver(key: string): void {
    const record = this.#host.record(key);
    const agreement = this.#agreements.get(key);
    const skipped = agreement?.skipped;
    if (record?.status !== 'active' || agreement === undefined || skipped === undefined) return;
    agreement.skipped = undefined;
    if (record.inFlight > 0 && agreement.overlap === 'skip') return;
    this.#claim(record, agreement, skipped, record.nextRunAt, false);
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

  #claim(
    record: TaskRecord,
    agreement: Agreement,
    plannedAt: number,
    next: number | undefined,
    behind: boolean,
  ): void {
    const generation = record.generation;
    if (this.#claiming.has(record)) {
      this.#deferred.set(record, () => {
        if (record.generation !== generation || record.status !== 'active') return;
        if (record.inFlight > 0 && agreement.overlap === 'skip') {
          this.#host.skip(record, plannedAt, 'overlap');
          if (behind) this.#catchUp(record, generation, plannedAt);
        } else this.#claim(record, agreement, plannedAt, next, behind);
      });
      return;
    }
    this.#claiming.add(record);
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
        const run = applyClaim(this.#outcomes, record, agreement, generation, plannedAt, result);
        // Exclusive runs follow each other: the next missed or deferred one once this one ended.
        if (overlap === 'skip') {
          void run.then(() => {
            if (behind) this.#catchUp(record, generation, plannedAt);
            this.#claimDeferred(record);
          });
        } else {
          if (behind) this.#catchUp(record, generation, plannedAt);
          this.#claimDeferred(record);
        }
      },
      fail: (error) => {
        this.#claiming.delete(record);
        this.#claimDeferred(record);
        this.#fail(error);
        if (behind) this.#catchUp(record, generation, plannedAt);
        // A last planned run that could not be claimed is lost (at most once): the task completes.
        if (record.exhausted && record.generation === generation && record.status === 'active') {
          this.#host.exhaust(record);
        }
      },
    });
  }

  #claimDeferred(record: TaskRecord): void {
    const claim = this.#deferred.get(record);
    if (claim === undefined) return;
    this.#deferred.delete(record);
    claim();
  }

  #apply(command: ClusterCommand): void {
    if (this.#retrier.closed) return;
    if (command.type === 'leave') {
      this.#ownership.dropMember(command.member);
      return;
    }
    const record = this.#host.record(command.key);
    if (record === undefined) return;
    switch (command.type) {
      case 'restart':
        this.#agreements.restartFrom(record, command.state);
        return;
      case 'stop':
        this.#host.stop(command.key);
        return;
      case 'remove':
        this.#agreements.forget(command.key);
        this.#host.remove(command.key);
        return;
      case 'complete':
        if (record.status === 'active' && this.#agreements.get(command.key)?.epoch === command.epoch) {
          this.#host.learn(record, { runCount: command.runCount, lastRunAt: undefined });
          this.#host.exhaust(record);
        }
    }
  }

  #fail(error: unknown): void {
    if (this.#down || this.#retrier.closed) return;
    this.#down = true;
    this.#host.error(error);
  }
}
