import { createHash } from 'node:crypto';

import { CoordinatorUnavailableError } from '../errors.js';

/**
 * The part of a client of the official `redis` package (v5 or v6) that the coordinator uses. Declared
 * structurally so that a client created with modules, scripts or RESP3 is accepted as it is.
 */
export interface RedisClientLike {
  /** The connection is open and the client has been set up. */
  readonly isReady: boolean;
  /** `EVALSHA`: runs a script the server has cached. */
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** `EVAL`: runs a script by its source (and caches it on the server). */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** `PUBLISH`: sends the cluster's commands to the other instances. */
  publish(channel: string, message: string): Promise<unknown>;
  /** A second connection with the same settings: pub/sub takes a connection over. */
  duplicate(): RedisSubscriberLike;
  /** Where the client reports connection errors; listened to so they cannot crash the process. */
  on(event: 'error', listener: (error: unknown) => void): unknown;
  /** Removes the listener of `on`, at `close`. */
  off(event: 'error', listener: (error: unknown) => void): unknown;
  /** The same client with other per-command options (v5 and v6 have it; see `ScriptRunner`). */
  withCommandOptions?(options: { timeout: number }): ScriptClient;
}

/** What a script runner sends its commands through. */
export type ScriptClient = Pick<RedisClientLike, 'isReady' | 'evalSha' | 'eval' | 'publish'>;

/** The part of a duplicated client that the coordinator uses to subscribe. */
export interface RedisSubscriberLike {
  /** Opens the duplicated connection. */
  connect(): Promise<unknown>;
  /** Subscribes to the commands channel. */
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  /** Closes the connection at once, at `close`. */
  destroy(): void;
  /** Connection errors, and `ready` after a reconnect (to read what was missed). */
  on(event: 'error' | 'ready', listener: (error: unknown) => void): unknown;
}

/** A Lua script with its SHA-1, run by `EVALSHA` and loaded on demand (`NOSCRIPT`). */
export class LuaScript {
  readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }
}

/**
 * Runs scripts with a deadline, failing fast while the client is not connected: a command left in the
 * client's offline queue would claim an old planned run whenever the connection came back.
 *
 * The deadline is this runner's one timer per call. node-redis v6 also arms an `AbortSignal.timeout`
 * (5 s by default) on every command of a client: with it a call carried two timers and their
 * promises, so the runner turns it off for its own commands (`timeout: 0`, through
 * `withCommandOptions`, which leaves the caller's client as it was).
 */
export class ScriptRunner {
  readonly #client: ScriptClient;
  readonly #timeoutMs: number;

  constructor(client: RedisClientLike, timeoutMs: number) {
    this.#client = client.withCommandOptions?.({ timeout: 0 }) ?? client;
    this.#timeoutMs = timeoutMs;
  }

  /** Runs `script`; rejects with `CoordinatorUnavailableError` when Redis cannot answer in time. */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    return this.#deadline(this.#evaluate(script, { keys, arguments: args }));
  }

  /** Publishes `message`, with the same deadline. */
  publish(channel: string, message: string): Promise<unknown> {
    if (!this.#client.isReady) return Promise.reject(notReady());
    return this.#deadline(this.#client.publish(channel, message));
  }

  async #evaluate(script: LuaScript, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    if (!this.#client.isReady) throw notReady();
    try {
      return await this.#client.evalSha(script.sha1, options);
    } catch (error) {
      // EVAL both runs the script and caches it, so the next EVALSHA finds it.
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return this.#client.eval(script.source, options);
      }
      throw error;
    }
  }

  #deadline(command: Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new CoordinatorUnavailableError(`no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      command.then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(
            error instanceof CoordinatorUnavailableError
              ? error
              : new CoordinatorUnavailableError(describe(error), { cause: error }),
          );
        },
      );
    });
  }
}

function notReady(): CoordinatorUnavailableError {
  return new CoordinatorUnavailableError('the Redis client is not connected');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
