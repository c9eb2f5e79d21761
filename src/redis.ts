/**
 * `crontainer/redis`: cluster mode on Redis. A separate entry point, so that apps that do not use it
 * never load it; it needs a client of the official `redis` package (an optional peer dependency),
 * which the app creates, connects and closes.
 *
 * ```ts
 * import { createClient } from 'redis';
 * import { bootstrap } from 'crontainer';
 * import { RedisCoordinator } from 'crontainer/redis';
 *
 * const client = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * const app = await bootstrap({ coordinator: new RedisCoordinator({ client, prefix: 'billing:' }) });
 * ```
 *
 * @module crontainer/redis
 */
export { RedisCoordinator } from './cluster/redis-coordinator.js';
export type { RedisCoordinatorOptions, CoordinatorLogger } from './cluster/redis-coordinator-options.js';
export type { RedisClientLike, RedisSubscriberLike, ScriptClient } from './cluster/redis-client.js';
export type {
  Coordinator,
  ClusterTaskSpec,
  ClusterTaskState,
  ClaimRequest,
  ClaimResult,
  ClaimLoss,
  ClaimBatch,
  ClusterCommand,
  Members,
  TaskHolders,
} from './cluster/coordinator.js';
export {
  CoordinatorUnavailableError,
  CoordinatorInUseError,
  InvalidCoordinatorOptionsError,
} from './errors.js';
