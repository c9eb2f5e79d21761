import { randomUUID } from 'node:crypto';

import type {
  ClaimBatch,
  ClaimRequest,
  ClusterCommand,
  ClusterTaskSpec,
  ClusterTaskState,
  Coordinator,
  Members,
} from './coordinator.js';
import { CoordinatorInUseError, CoordinatorUnavailableError } from '../errors.js';
import { LogAdapter } from '../logging/log-adapter.js';
import { LeaseKeeper } from './lease-keeper.js';
import { MEMBER_LEASE_MS } from './membership.js';
import { RedisKeys } from './redis-keys.js';
import { claimResultOf, membersOf, stateOf } from './redis-replies.js';
import { LuaScript, ScriptRunner, type RedisClientLike, type RedisSubscriberLike } from './redis-client.js';
import { readCoordinatorOptions, type RedisCoordinatorOptions } from './redis-coordinator-options.js';
import * as scripts from './redis-scripts.js';

export type { CoordinatorLogger, RedisCoordinatorOptions } from './redis-coordinator-options.js';

/** How long a removed task's state stays (marked removed) for instances that missed the message. */
const TOMBSTONE_MS = 24 * 60 * 60 * 1000;

const REGISTER = new LuaScript(scripts.REGISTER_SCRIPT);
const RESTART = new LuaScript(scripts.RESTART_SCRIPT);
const STATE = new LuaScript(scripts.STATE_SCRIPT);
const CLAIM = new LuaScript(scripts.CLAIM_SCRIPT);
const HEARTBEAT = new LuaScript(scripts.HEARTBEAT_SCRIPT);
const LEAVE = new LuaScript(scripts.LEAVE_SCRIPT);
const STOP = new LuaScript(scripts.STOP_SCRIPT);
const REMOVE = new LuaScript(scripts.REMOVE_SCRIPT);

/**
 * Cluster mode on Redis: claims are Lua scripts (atomic on the server, several tasks' in one call),
 * the timetable's anchor is stored by the first instance that registers a task, membership is a
 * sorted set of lease ends, and `stop`/`restart`/`remove`/completions/leaves are published on
 * `<prefix>commands` to every instance (the task commands are stored too, so a claim also learns them).
 */
export class RedisCoordinator implements Coordinator {
  /** A random id: an instance that restarts is a new member (its old lease simply lapses). */
  readonly memberId = randomUUID().replaceAll('-', '').slice(0, 12);
  readonly #client: RedisClientLike;
  readonly #prefix: string;
  readonly #keys: RedisKeys;
  readonly #redis: ScriptRunner;
  readonly #leases: LeaseKeeper;
  readonly #maxClockSkew: number;
  readonly #log: LogAdapter;
  readonly #warnedKeys = new Set<string>();
  /** Task hashes whose exclusive runs ended here: their leases go with the next claim call. */
  #releases: string[] = [];
  #warnedSkew = false;
  #leaving: Promise<void> | undefined;
  #subscriber: RedisSubscriberLike | undefined;
  /** Set by the first `listen`: a coordinator serves one scheduler, once. */
  #listening = false;
  #onError: (error: unknown) => void = noop;
  /**
   * The client emits 'error' on every failed reconnect attempt. They are only listened to (without a
   * listener they would end the process): an outage is reported through the calls that fail.
   */
  readonly #clientError = noop;

  /** @throws InvalidCoordinatorOptionsError for a bad option, naming it (`coordinator.prefix`) */
  constructor(given: RedisCoordinatorOptions) {
    const options = readCoordinatorOptions(given);
    this.#client = options.client;
    this.#prefix = options.prefix;
    this.#keys = new RedisKeys(this.#prefix);
    this.#redis = new ScriptRunner(options.client, options.commandTimeout);
    this.#leases = new LeaseKeeper(
      this.#redis,
      this.memberId,
      (key) => this.#releases.push(key),
      (error) => {
        this.#onError(error);
      },
    );
    this.#maxClockSkew = options.maxClockSkew;
    this.#log = new LogAdapter(options.logger);
    // Without a listener an 'error' event would throw and end the process.
    this.#client.on('error', this.#clientError);
  }

  /** The channel commands are published on. */
  get channel(): string {
    return `${this.#prefix}commands`;
  }

  async register(task: ClusterTaskSpec): Promise<ClusterTaskState> {
    return this.#agree(REGISTER, task);
  }

  async restart(task: ClusterTaskSpec): Promise<ClusterTaskState> {
    const state = await this.#agree(RESTART, task);
    await this.#publish({ type: 'restart', key: task.key, state });
    return state;
  }

  async state(key: string): Promise<ClusterTaskState | undefined> {
    return stateOf(await this.#redis.run(STATE, [this.#keys.task(key)], []), undefined);
  }

  async claim(requests: readonly ClaimRequest[]): Promise<ClaimBatch> {
    const releases = this.#releases;
    this.#releases = [];
    const keys = requests.map((request) => this.#keys.task(request.key));
    const args = [this.memberId, String(requests.length), String(releases.length)];
    for (const request of requests) {
      args.push(
        String(request.epoch),
        String(request.plannedAt),
        request.runs === undefined ? '' : String(request.runs),
        request.exclusive ? '1' : '',
        String(Math.ceil(request.leaseMs)),
        String(request.holdersVersion),
      );
    }
    let reply: (string | null)[];
    try {
      reply = (await this.#redis.run(CLAIM, [...keys, ...releases], args)) as (string | null)[];
    } catch (error) {
      // Not lost: a release that did not get through goes with the next call (or its lease lapses).
      this.#releases.push(...releases);
      throw error;
    }
    const results = requests.map((request, index) => {
      // The lease is renewed from the moment it is granted until the run ends.
      const granted = request.exclusive && reply[1 + index * 5] === 'won';
      const release = granted ? this.#leases.hold(this.#keys.task(request.key), request.leaseMs) : noop;
      return claimResultOf(reply, index, release);
    });
    return { storeTime: Number(reply[0]), results };
  }

  async heartbeat(): Promise<Members> {
    const reply = await this.#redis.run(
      HEARTBEAT,
      [this.#keys.members()],
      [this.memberId, String(MEMBER_LEASE_MS)],
    );
    return membersOf(reply);
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

  async complete(key: string, epoch: number, runCount: number): Promise<void> {
    await this.#publish({ type: 'complete', key, epoch, runCount });
  }

  listen(onCommand: (command: ClusterCommand) => void, onError: (error: unknown) => void): void {
    // One scheduler per coordinator: a second would steal the first one's error handler and subscriber.
    if (this.#listening) throw new CoordinatorInUseError();
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

  leave(): Promise<void> {
    this.#leaving ??= (async () => {
      // Best effort: with Redis unreachable the membership simply lapses.
      try {
        await this.#redis.run(LEAVE, [this.#keys.members()], [this.memberId]);
        await this.#publish({ type: 'leave', member: this.memberId });
      } catch {
        // Reported, if at all, by the calls that failed before.
      }
    })();
    return this.#leaving;
  }

  async close(): Promise<void> {
    this.#leases.close();
    try {
      // Best effort too: a lease whose release does not get through lapses by itself.
      if (this.#releases.length > 0) await this.claim([]);
    } catch {
      // As above.
    }
    await this.leave();
    this.#client.off('error', this.#clientError);
    // destroy, not close: a subscriber has nothing to flush, and close() would wait for a reconnect.
    try {
      this.#subscriber?.destroy();
    } catch {
      // It never connected (Redis was down all along): nothing to end.
    }
    this.#subscriber = undefined;
  }

  async #agree(script: LuaScript, task: ClusterTaskSpec): Promise<ClusterTaskState> {
    const reply = await this.#redis.run(
      script,
      [this.#keys.task(task.key), this.#keys.members()],
      [task.spec, task.firstRun === undefined ? '' : String(task.firstRun), this.memberId],
    );
    const state = stateOf(reply, task.spec);
    if (state === undefined) {
      throw new CoordinatorUnavailableError(`unexpected registration reply ${JSON.stringify(reply)}`);
    }
    this.#checkAgreement(task, state);
    return state;
  }

  async #publish(command: ClusterCommand): Promise<void> {
    await this.#redis.publish(this.channel, JSON.stringify({ origin: this.memberId, command }));
  }

  #parseMessage(message: string): ClusterCommand | undefined {
    try {
      const parsed = JSON.parse(message) as { origin?: unknown; command?: ClusterCommand };
      if (parsed.origin === this.memberId || parsed.command === undefined) return undefined;
      return parsed.command;
    } catch {
      return undefined; // Not ours: someone else publishing on the channel.
    }
  }

  #checkAgreement(task: ClusterTaskSpec, state: ClusterTaskState): void {
    if (!state.specMatches && !this.#warnedKeys.has(task.key)) {
      this.#warnedKeys.add(task.key);
      this.#log.warn(
        `crontainer: task "${task.key}" is registered in the cluster with other options ` +
          `(${state.spec}) than this instance's (${task.spec}); the cluster's timetable and run count ` +
          `apply. Restart the task to make this instance's options the cluster's.`,
        { key: task.key },
      );
    }
    const skew = Math.abs(Date.now() - state.storeTime);
    if (skew > this.#maxClockSkew && !this.#warnedSkew) {
      this.#warnedSkew = true;
      this.#log.warn(
        `crontainer: this machine's clock is ${Math.round(skew)} ms away from Redis's; cluster tasks ` +
          `follow Redis's clock, but anything else this app times (and firstRun) follows this one.`,
      );
    }
  }
}

function noop(): void {
  // Nothing to do: a run without a lease, or an error reported elsewhere.
}
