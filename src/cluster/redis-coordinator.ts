import { randomUUID } from 'node:crypto';

import type {
  ClaimLoss,
  ClaimRequest,
  ClaimResult,
  ClusterCommand,
  ClusterTaskSpec,
  ClusterTaskState,
  Coordinator,
} from './coordinator.js';
import { SchedulerError } from '../errors.js';
import { LeaseKeeper } from './lease-keeper.js';
import { RedisKeys } from './redis-keys.js';
import { LuaScript, ScriptRunner, type RedisClientLike, type RedisSubscriberLike } from './redis-client.js';
import * as scripts from './redis-scripts.js';

/** Where the coordinator reports what an operator should fix (option mismatch, clock skew). */
export interface CoordinatorLogger {
  warn(message: string): void;
}

/** Options of `new RedisCoordinator()`. */
export interface RedisCoordinatorOptions {
  /**
   * A connected client of the official `redis` package. The coordinator listens to its `error` events
   * (so they never crash the process), duplicates it once for pub/sub, and never closes it.
   */
  readonly client: RedisClientLike;
  /** Prefix of every key and of the channel; give each app (or test) its own. @default 'crontainer:' */
  readonly prefix?: string;
  /** How long a Redis call may take before the run it was for is given up. @default 2000 */
  readonly commandTimeout?: number;
  /** Skew between this machine's clock and Redis's beyond which a warning is logged, in ms. @default 1000 */
  readonly maxClockSkew?: number;
  /** Receives warnings (option mismatch, clock skew). @default console */
  readonly logger?: CoordinatorLogger;
}

const CLAIM_LOSSES: ReadonlySet<string> = new Set<ClaimLoss>([
  'taken',
  'busy',
  'exhausted',
  'stopped',
  'stale',
  'removed',
  'lost',
]);

/** How long a removed task's state stays (marked removed) for instances that missed the message. */
const TOMBSTONE_MS = 24 * 60 * 60 * 1000;

const REGISTER = new LuaScript(scripts.REGISTER_SCRIPT);
const RESTART = new LuaScript(scripts.RESTART_SCRIPT);
const STATE = new LuaScript(scripts.STATE_SCRIPT);
const CLAIM = new LuaScript(scripts.CLAIM_SCRIPT);
const STOP = new LuaScript(scripts.STOP_SCRIPT);
const REMOVE = new LuaScript(scripts.REMOVE_SCRIPT);

/**
 * Cluster mode on Redis: claims are Lua scripts (atomic on the server), the timetable's anchor is
 * stored by the first instance that registers a task, and `stop`/`restart`/`remove` are published on
 * `<prefix>commands` to every instance (and stored, so a claim also learns of them).
 */
export class RedisCoordinator implements Coordinator {
  readonly #client: RedisClientLike;
  readonly #prefix: string;
  readonly #keys: RedisKeys;
  readonly #redis: ScriptRunner;
  readonly #leases: LeaseKeeper;
  readonly #maxClockSkew: number;
  readonly #logger: CoordinatorLogger;
  /** Tells this instance's own messages apart from the others'. */
  readonly #origin = randomUUID();
  readonly #warnedKeys = new Set<string>();
  #warnedSkew = false;
  #subscriber: RedisSubscriberLike | undefined;
  /** Set by the first `listen`: a coordinator serves one scheduler, once. */
  #listening = false;
  #onError: (error: unknown) => void = noop;
  /**
   * The client emits 'error' on every failed reconnect attempt. They are only listened to (without a
   * listener they would end the process): an outage is reported through the calls that fail.
   */
  readonly #clientError = noop;

  constructor(options: RedisCoordinatorOptions) {
    this.#client = options.client;
    this.#prefix = options.prefix ?? 'crontainer:';
    this.#keys = new RedisKeys(this.#prefix);
    this.#redis = new ScriptRunner(options.client, options.commandTimeout ?? 2_000);
    this.#leases = new LeaseKeeper(this.#redis, (error) => {
      this.#onError(error);
    });
    this.#maxClockSkew = options.maxClockSkew ?? 1_000;
    this.#logger = options.logger ?? console;
    // Without a listener an 'error' event would throw and end the process.
    this.#client.on('error', this.#clientError);
  }

  /** The channel commands are published on. */
  get channel(): string {
    return `${this.#prefix}commands`;
  }

  async register(task: ClusterTaskSpec): Promise<ClusterTaskState> {
    const reply = await this.#redis.run(
      REGISTER,
      [this.#keys.task(task.key)],
      [task.spec, task.firstRun === undefined ? '' : String(task.firstRun)],
    );
    return this.#toState(task, reply) as ClusterTaskState;
  }

  async restart(task: ClusterTaskSpec): Promise<ClusterTaskState> {
    const reply = await this.#redis.run(
      RESTART,
      [this.#keys.task(task.key)],
      [task.spec, task.firstRun === undefined ? '' : String(task.firstRun)],
    );
    const state = this.#toState(task, reply) as ClusterTaskState;
    await this.#publish({ type: 'restart', key: task.key, state });
    return state;
  }

  async state(key: string): Promise<ClusterTaskState | undefined> {
    return this.#toState(undefined, await this.#redis.run(STATE, [this.#keys.task(key)], []));
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const token = request.exclusive ? randomUUID() : '';
    const leaseKey = this.#keys.lease(request.key);
    const reply = (await this.#redis.run(
      CLAIM,
      [this.#keys.task(request.key), leaseKey],
      [
        String(request.epoch),
        String(request.plannedAt),
        request.runs === undefined ? '' : String(request.runs),
        token,
        String(Math.ceil(request.leaseMs)),
      ],
    )) as (string | null)[];
    const [verdict, count, lastRunAt, now] = reply;
    const runCount = Number(count ?? '0');
    const storeTime = Number(now);
    if (verdict === 'won') {
      const release = request.exclusive ? this.#leases.hold(leaseKey, token, request.leaseMs) : noop;
      return { won: true, runCount, lastRunAt: Number(lastRunAt), storeTime, release };
    }
    if (verdict === null || verdict === undefined || !CLAIM_LOSSES.has(verdict))
      throw new Error(`Unexpected claim reply ${JSON.stringify(reply)}`);
    return {
      won: false,
      reason: verdict as ClaimLoss,
      runCount,
      lastRunAt: optionalTime(lastRunAt),
      storeTime,
    };
  }

  async stop(key: string): Promise<void> {
    await this.#redis.run(STOP, [this.#keys.task(key)], []);
    await this.#publish({ type: 'stop', key });
  }

  async remove(key: string): Promise<void> {
    // The lease is left to expire so that a run in flight keeps it.
    await this.#redis.run(REMOVE, [this.#keys.task(key)], [String(TOMBSTONE_MS)]);
    await this.#publish({ type: 'remove', key });
  }

  listen(onCommand: (command: ClusterCommand) => void, onError: (error: unknown) => void): void {
    // One scheduler per coordinator: a second would steal the first one's error handler and subscriber.
    if (this.#listening) {
      throw new SchedulerError(
        'This RedisCoordinator already serves a scheduler: give each scheduler (or bootstrap) a new one',
      );
    }
    this.#listening = true;
    this.#onError = onError;
    const subscriber = this.#client.duplicate();
    this.#subscriber = subscriber;
    subscriber.on('error', noop);
    const deliver = (message: string): void => {
      const command = this.#parseMessage(message);
      if (command !== undefined) onCommand(command);
    };
    // The client re-subscribes by itself after a reconnect; commands missed meanwhile are caught up
    // by the next claim, which sees the stored status and epoch.
    subscriber
      .connect()
      .then(() => subscriber.subscribe(this.channel, deliver))
      .catch(onError);
  }

  async close(): Promise<void> {
    await this.#leases.close();
    this.#client.off('error', this.#clientError);
    // destroy, not close: a subscriber has nothing to flush, and close() would wait for a reconnect.
    try {
      this.#subscriber?.destroy();
    } catch {
      // It never connected (Redis was down all along): nothing to end.
    }
    this.#subscriber = undefined;
  }

  async #publish(command: ClusterCommand): Promise<void> {
    await this.#redis.publish(this.channel, JSON.stringify({ origin: this.#origin, command }));
  }

  #parseMessage(message: string): ClusterCommand | undefined {
    try {
      const parsed = JSON.parse(message) as { origin?: unknown; command?: ClusterCommand };
      if (parsed.origin === this.#origin || parsed.command === undefined) return undefined;
      return parsed.command;
    } catch {
      return undefined; // Not ours: someone else publishing on the channel.
    }
  }

  /** Reads a state reply: epoch, anchor, spec, status, count, lastRunAt, last, now. */
  #toState(task: ClusterTaskSpec | undefined, reply: unknown): ClusterTaskState | undefined {
    const [epoch, anchor, spec, status, count, lastRunAt, last, now] = reply as (string | null)[];
    if (epoch === null || epoch === undefined || status === 'removed') return undefined;
    if (task !== undefined) this.#checkAgreement(task, spec ?? '', Number(now));
    return {
      epoch: Number(epoch),
      anchor: Number(anchor),
      status: status === 'stopped' ? 'stopped' : 'active',
      runCount: Number(count ?? '0'),
      lastRunAt: optionalTime(lastRunAt),
      lastPlannedAt: optionalTime(last),
      specMatches: task === undefined || spec === task.spec,
      spec: spec ?? '',
      storeTime: Number(now),
    };
  }

  #checkAgreement(task: ClusterTaskSpec, storedSpec: string, redisNow: number): void {
    if (storedSpec !== task.spec && !this.#warnedKeys.has(task.key)) {
      this.#warnedKeys.add(task.key);
      this.#logger.warn(
        `crontainer: task "${task.key}" is registered in the cluster with other options ` +
          `(${storedSpec}) than this instance's (${task.spec}); the cluster's timetable and run count ` +
          `apply. Restart the task to make this instance's options the cluster's.`,
      );
    }
    const skew = Math.abs(Date.now() - redisNow);
    if (skew > this.#maxClockSkew && !this.#warnedSkew) {
      this.#warnedSkew = true;
      this.#logger.warn(
        `crontainer: this machine's clock is ${Math.round(skew)} ms away from Redis's; cluster tasks ` +
          `follow Redis's clock, but anything else this app times (and firstRun) follows this one.`,
      );
    }
  }
}

function optionalTime(value: string | null | undefined): number | undefined {
  return value === null || value === undefined || value === '' ? undefined : Number(value);
}

function noop(): void {
  // Nothing to do: a run without a lease, or an error reported elsewhere.
}
