/**
 * Cluster mode's port. Several schedulers (one per instance of the app) share one store through a
 * coordinator: they agree on each task's timetable when it is registered, keep a membership (each
 * instance renews a short lease on it), and each task is owned by one live instance among those that
 * registered it, chosen by rendezvous hashing: only the owner claims the task's planned runs (several
 * tasks' claims in one call), and the claim decides, so a run is never started twice even while two
 * instances both think they own a task. `stop`, `restart`, `remove` and completions reach every instance.
 * Without a coordinator every run is local. `crontainer/redis` provides one on Redis.
 *
 * Times are ms since the epoch, on the store's clock: every instance plans on it (see `ClusterClock`),
 * so that instances whose own clocks disagree still mean the same moment by a planned time. Every method
 * may reject when the store cannot be reached; the scheduler then starts nothing it could not claim,
 * emits `coordinatorError` once per outage and retries.
 */
export interface Coordinator {
  /** This instance's name in the membership: unique per coordinator, free of spaces. */
  readonly memberId: string;
  /**
   * Joins the cluster's copy of a task being registered: the first instance to register a key stores
   * its anchor (`firstRun`, or the store's current time) and options; later ones adopt what is stored.
   * The instance becomes one of the task's holders.
   */
  register(task: ClusterTaskSpec): Promise<ClusterTaskState>;
  /**
   * Starts the cluster's copy of a task over (a local `restart`): new epoch, new anchor (`firstRun` if
   * still in the future, else now), run count 0, `spec` stored; every other instance is told.
   */
  restart(task: ClusterTaskSpec): Promise<ClusterTaskState>;
  /** Reads the cluster's copy of a task, `undefined` once it was removed (or lost). */
  state(key: string): Promise<ClusterTaskState | undefined>;
  /** Claims planned runs, in one call to the store: exactly one claim wins each planned run. */
  claim(requests: readonly ClaimRequest[]): Promise<ClaimBatch>;
  /**
   * Renews this instance's membership for `MEMBER_LEASE_MS` and reads who else is a member. An
   * instance that stops renewing (killed, cut off) is no member once its lease lapses.
   */
  heartbeat(): Promise<Members>;
  /** Stops the task on every instance (stored, so instances that start later register it stopped). */
  stop(key: string): Promise<void>;
  /** Removes the task on every instance and forgets its stored state. */
  remove(key: string): Promise<void>;
  /** Tells every instance that the task made its last run (`runs` reached) in `epoch`. */
  complete(key: string, epoch: number, runCount: number): Promise<void>;
  /**
   * Starts delivering what other instances announce. `onError` receives store errors that happen
   * outside a call (a dropped subscription, a failed lease renewal).
   */
  listen(onCommand: (command: ClusterCommand) => void, onError: (error: unknown) => void): void;
  /**
   * Leaves the membership now and tells every instance, so that the tasks this one owned move at
   * once, not when its lease lapses (the scheduler is closing: it starts no more runs). Never rejects.
   */
  leave(): Promise<void>;
  /**
   * Releases what the coordinator opened (subscriptions, timers, leases), leaving the membership if it
   * has not; the client passed in stays the caller's.
   */
  close(): Promise<void>;
}

/** What an instance registers: the options that must be the same on every instance. */
export interface ClusterTaskSpec {
  /** The task's key. */
  readonly key: string;
  /** The options that shape the shared timetable, serialised (see `taskSpec`). */
  readonly spec: string;
  /** The task's `firstRun`, if it has one. */
  readonly firstRun: number | undefined;
}

/** The instances that registered a task, as of `version` (bumped at every change). */
export interface TaskHolders {
  /** Bumped whenever the set changes, so a claim can say which set it was computed from. */
  readonly version: number;
  /** The member ids of the instances that hold the task. */
  readonly ids: readonly string[];
}

/** The cluster's copy of a task. */
export interface ClusterTaskState {
  /** Bumped by every cluster-wide restart; claims of an older epoch are refused as stale. */
  readonly epoch: number;
  /** Where the shared timetable starts. */
  readonly anchor: number;
  /** Whether the cluster runs the task or it was stopped (by any instance). */
  readonly status: 'active' | 'stopped';
  /** Runs claimed in this epoch, across the cluster. */
  readonly runCount: number;
  /** When the last claimed run started (store time). */
  readonly lastRunAt: number | undefined;
  /** The latest planned time claimed (or skipped) in this epoch; nothing at or before it can be claimed. */
  readonly lastPlannedAt: number | undefined;
  /** False when the stored options differ from the ones this instance registered (the stored ones win). */
  readonly specMatches: boolean;
  /** The stored timing options (`taskSpec`'s JSON): the cluster's, which every instance follows. */
  readonly spec: string;
  /** The instances that registered the task: its owner is one of them. */
  readonly holders: TaskHolders;
  /** The store's clock when it answered (see `ClusterClock`: every instance plans on it). */
  readonly storeTime: number;
}

/** A claim of one planned run. */
export interface ClaimRequest {
  /** The task's key. */
  readonly key: string;
  /** The epoch the claiming instance follows (from `register`, `restart` or a restart command). */
  readonly epoch: number;
  /** The planned time of the run being claimed. */
  readonly plannedAt: number;
  /** The task's `runs`: no claim wins once the cluster made that many. */
  readonly runs: number | undefined;
  /**
   * With `overlap: 'skip'`: hold a lease on the task for as long as the run goes (renewed, released by
   * `ClaimResult.release`), and refuse the claim while another instance holds it. The lease expires
   * after `leaseMs` if its holder dies.
   */
  readonly exclusive: boolean;
  /** How long a lease lasts without renewal, in ms (with `exclusive`). */
  readonly leaseMs: number;
  /** The version of the task's holders this instance knows: a newer list comes with the answer. */
  readonly holdersVersion: number;
}

/** The answers to one call of `claim`, in the order of its requests. */
export interface ClaimBatch {
  /** The store's clock when it answered. */
  readonly storeTime: number;
  /** One result per request, in the order of the requests. */
  readonly results: readonly ClaimResult[];
}

/**
 * Why a claim was lost: `taken` (another instance claimed this planned run), `busy` (a run of the task
 * is still going elsewhere), `exhausted` (the cluster made `runs` runs), `stopped`, `stale` (the task
 * was restarted elsewhere: a newer epoch), `removed`, `lost` (the store has no state for the task at
 * all, e.g. Redis restarted without persistence: the instance registers it again).
 */
export type ClaimLoss = 'taken' | 'busy' | 'exhausted' | 'stopped' | 'stale' | 'removed' | 'lost';

/** The answer to a claim, with the cluster's figures as of the claim. */
export type ClaimResult = (
  | {
      /** This instance won the planned run and starts it. */
      readonly won: true;
      /** Runs claimed in the epoch, this one included. */
      readonly runCount: number;
      /** The start of this run (store time). */
      readonly lastRunAt: number;
      /** Ends the lease of an exclusive claim (a no-op otherwise); call it when the run ends. */
      readonly release: () => void;
    }
  | {
      /** Another instance runs it, or nobody may. */
      readonly won: false;
      /** Why the claim was lost. */
      readonly reason: ClaimLoss;
      /** Runs claimed in the epoch, across the cluster. */
      readonly runCount: number;
      /** When the last claimed run started (store time), if any did. */
      readonly lastRunAt: number | undefined;
    }
) & {
  /** The task's holders, when they changed since the version the claim named. */
  readonly holders: TaskHolders | undefined;
};

/** The live members and when each one's lease lapses (store time). */
export interface Members {
  /** The store's clock when it answered. */
  readonly storeTime: number;
  /** Each live member's id and when its lease ends (store time, ms). */
  readonly leases: ReadonlyMap<string, number>;
}

/** Something another instance announced, delivered by `Coordinator.listen`. */
export type ClusterCommand =
  | {
      /** The task was stopped or removed on another instance. */
      readonly type: 'stop' | 'remove';
      /** The task's key. */
      readonly key: string;
    }
  | {
      /** The task was restarted on another instance. */
      readonly type: 'restart';
      /** The task's key. */
      readonly key: string;
      /** The cluster's copy of the task after the restart. */
      readonly state: ClusterTaskState;
    }
  | {
      /** The task made its last run (`runs`) on another instance. */
      readonly type: 'complete';
      /** The task's key. */
      readonly key: string;
      /** The epoch in which it completed. */
      readonly epoch: number;
      /** Its cluster-wide run count. */
      readonly runCount: number;
    }
  | {
      /** The instance left the membership (it closed): the tasks it owned move now, not when its lease lapses. */
      readonly type: 'leave';
      /** The instance that left. */
      readonly member: string;
    };
