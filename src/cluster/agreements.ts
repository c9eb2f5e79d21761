import { SchedulerClosedError } from '../errors.js';
import type { OverlapPolicy } from '../options/task-options.js';
import { buildTimetable } from '../scheduler/build-timetable.js';
import type { CronCache } from '../scheduler/cron-timetable.js';
import type { GateHost } from '../scheduler/run-gate.js';
import type { TaskRecord } from '../scheduler/task.js';
import type { ClusterClock } from './cluster-clock.js';
import type { ClusterTaskState, Coordinator } from './coordinator.js';
import type { Heartbeat } from './heartbeat.js';
import type { Ownership } from './ownership.js';
import type { Retrier } from './retrier.js';
import { taskSpec, withClusterSpec } from './task-spec.js';

/** What the cluster agreed for a task: the epoch this instance follows and the cluster's options. */
export interface Agreement {
  readonly epoch: number;
  readonly anchor: number;
  readonly runs: number | undefined;
  readonly overlap: OverlapPolicy;
  /** The last planned time skipped here as another instance's: claimed late if the task moves here. */
  skipped: number | undefined;
}

/** What the agreements share with the rest of the link. */
export interface AgreementContext {
  readonly coordinator: Coordinator;
  readonly host: GateHost;
  readonly clock: ClusterClock;
  readonly heartbeat: Heartbeat;
  readonly ownership: Ownership;
  readonly retrier: Retrier;
  /** The scheduler's compiled cron expressions, so that a cluster task's is compiled once too. */
  readonly crons: CronCache | undefined;
  /** Reports a store fault (once per outage). */
  readonly fail: (error: unknown) => void;
}

/**
 * The cluster's copy of each task's timetable, as this instance follows it: registers (or restarts)
 * a task before its first run, adopts what the cluster stored (its anchor, options and counts), and
 * follows the cluster when the store says the task changed (restarted elsewhere, or lost).
 */
export class Agreements {
  readonly #context: AgreementContext;
  readonly #agreed = new Map<string, Agreement>();
  /** Agreements in progress, awaited by `asyncAdd` and `asyncRestart`. */
  readonly #joins = new Map<string, Promise<void>>();

  constructor(context: AgreementContext) {
    this.#context = context;
  }

  get(key: string): Agreement | undefined {
    return this.#agreed.get(key);
  }

  forget(key: string): void {
    this.#agreed.delete(key);
    this.#context.ownership.forget(key);
  }

  /**
   * The task waits off the queue until the cluster agrees its timetable (the first registration's
   * anchor, or a new one on restart). Retries while the store is unreachable.
   */
  join(record: TaskRecord, restarting: boolean): void {
    this.#context.host.hold(record);
    const key = record.options.key;
    const joined = this.#agree(record, record.generation, restarting).finally(() => {
      if (this.#joins.get(key) === joined) this.#joins.delete(key);
    });
    this.#joins.set(key, joined);
    // `add` does not await the agreement: a failure must not surface as an unhandled rejection.
    joined.catch((error: unknown) => {
      this.#failed(error);
    });
  }

  joined(key: string): Promise<void> {
    return this.#joins.get(key) ?? Promise.resolve();
  }

  /** The store has no state for the task (Redis lost its data): register it again and carry on. */
  rejoin(record: TaskRecord, generation: number, plannedAt: number): void {
    const agreed = this.#agreed.get(record.options.key);
    if (agreed === undefined) return;
    this.#context.host.hold(record);
    this.#agree(record, generation, false, { anchor: agreed.anchor, plannedAt }).catch((error: unknown) => {
      this.#failed(error);
    });
  }

  /** The task was restarted elsewhere and the message was missed: follow the cluster's new epoch. */
  resync(record: TaskRecord, generation: number): void {
    const { coordinator, host, fail } = this.#context;
    const key = record.options.key;
    coordinator.state(key).then(
      (state) => {
        if (record.generation !== generation || record.status !== 'active') return;
        if (state === undefined) {
          this.forget(key);
          host.remove(key);
        } else this.restartFrom(record, state);
      },
      (error: unknown) => {
        fail(error);
      },
    );
  }

  /** Starts the task over on the cluster's new epoch (restarted elsewhere). */
  restartFrom(record: TaskRecord, state: ClusterTaskState): void {
    this.#context.host.reset(record);
    this.#context.host.hold(record);
    this.#adopt(record, state);
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
    const { coordinator, clock, heartbeat, retrier } = this.#context;
    const spec = taskSpec(record.options);
    const proposal = rejoin === undefined ? spec : { ...spec, firstRun: rejoin.anchor };
    const current = (): boolean => record.generation === generation && record.status === 'active';
    const state = await retrier.persist(async () => {
      // A member first: the registration prunes holders that are not, and owners are chosen among members.
      await heartbeat.start();
      const sentAt = clock.mark();
      const agreed = await (restarting ? coordinator.restart(proposal) : coordinator.register(proposal));
      clock.measure(sentAt, agreed.storeTime);
      return agreed;
    }, current);
    if (state !== undefined && current()) this.#adopt(record, state, rejoin?.plannedAt);
    else if (retrier.closed) throw new SchedulerClosedError(record.options.key);
  }

  /** An agreement that ended without one: a close is no store fault and is not reported. */
  #failed(error: unknown): void {
    if (!(error instanceof SchedulerClosedError)) this.#context.host.error(error);
  }

  /**
   * Puts a task on the cluster's timetable, where the cluster is: past runs are not run again. With
   * `resumeAt`, the first planned run is the one at (or after) that time.
   */
  #adopt(record: TaskRecord, state: ClusterTaskState, resumeAt?: number): void {
    const { host, ownership, crons } = this.#context;
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
    ownership.setHolders(key, state.holders);
    if (state.status === 'stopped') {
      host.stop(key);
      return;
    }
    const anchor = state.anchor;
    const timetable = buildTimetable({ ...options, firstRun: anchor }, anchor, false, crons);
    const after = Math.max(
      state.lastPlannedAt ?? -Infinity,
      resumeAt === undefined ? -Infinity : resumeAt - 1,
    );
    const first = after === -Infinity ? timetable.first() : timetable.nextAfter(after);
    const done = first === undefined || (runs !== undefined && state.runCount >= runs);
    host.begin(record, timetable, done ? undefined : first, options, state);
  }
}
