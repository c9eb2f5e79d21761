/**
 * `new RedisCoordinator()`'s options and their rule table: validated at construction, before the
 * coordinator touches the client. Refusals are `InvalidCoordinatorOptionsError`s whose path starts with
 * `coordinator.` (`coordinator.commandTimeout`).
 */
import { InvalidCoordinatorOptionsError } from '../errors.js';
import {
  numberSetting,
  readSettings,
  requiredSetting,
  serviceSetting,
  type SettingRules,
} from '../options/settings.js';
import { MAX_TIMER_MS } from '../scheduler/clock.js';
import type { RedisClientLike } from './redis-client.js';

/**
 * Where the coordinator reports what an operator should fix (option mismatch, clock skew). Called as
 * `warn({ key }, message)` if it is a pino logger, else as `warn(message)` (see `Logger`).
 */
export interface CoordinatorLogger {
  /** An option mismatch across instances, or clock skew beyond `maxClockSkew`. */
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
  /** How long a Redis call may take before the run it was for is given up, in ms. @default 2000 */
  readonly commandTimeout?: number;
  /** Skew between this machine's clock and Redis's beyond which a warning is logged, in ms. @default 1000 */
  readonly maxClockSkew?: number;
  /** Receives warnings (option mismatch, clock skew). @default console */
  readonly logger?: CoordinatorLogger;
}

/** The options, validated, with defaults filled in. */
export type ResolvedCoordinatorOptions = Required<RedisCoordinatorOptions>;

/** What the coordinator calls on the client (`isReady` is read at each call, as the state it is). */
const CLIENT_METHODS = ['evalSha', 'eval', 'publish', 'duplicate', 'on', 'off'];

const COORDINATOR_RULES: SettingRules<ResolvedCoordinatorOptions> = {
  client: requiredSetting(
    'a connected client of the redis package',
    serviceSetting<RedisClientLike, undefined>(
      'a client of the redis package',
      CLIENT_METHODS,
      [],
      undefined,
    ),
  ),
  prefix: (value, at) => {
    if (value === undefined) return 'crontainer:';
    if (typeof value !== 'string' || value === '')
      throw at.error.expected(at.path, 'a non-empty string', value);
    return value;
  },
  // A deadline is a timer: beyond 2^31−1 ms (and for NaN or Infinity) Node fires it after 1 ms, which
  // would fail every Redis call, and with them every claim.
  commandTimeout: numberSetting(`a number of ms from 1 to ${MAX_TIMER_MS}`, 1, MAX_TIMER_MS, 2_000),
  maxClockSkew: numberSetting('a number of ms ≥ 0', 0, Number.MAX_VALUE, 1_000),
  logger: serviceSetting<CoordinatorLogger, CoordinatorLogger>('a logger', ['warn'], [], console),
};

/** Validates `new RedisCoordinator()`'s options. */
export function readCoordinatorOptions(raw: unknown): ResolvedCoordinatorOptions {
  return readSettings(raw, COORDINATOR_RULES, { path: 'coordinator', error: InvalidCoordinatorOptionsError });
}
