/** Errors of cluster mode. */
import { SchedulerError } from './scheduler-error.js';

/** A `RedisCoordinator` was given to a second scheduler: each scheduler (or bootstrap) needs its own. */
export class CoordinatorInUseError extends SchedulerError {
  override name = 'CoordinatorInUseError';

  constructor() {
    super('This RedisCoordinator already serves a scheduler: give each scheduler (or bootstrap) a new one');
  }
}

/**
 * Cluster mode: the coordinator's store (Redis) could not be reached or did not answer in time. Runs
 * that could not be claimed do not start; the scheduler reports it through `coordinatorError`.
 */
export class CoordinatorUnavailableError extends SchedulerError {
  override name = 'CoordinatorUnavailableError';

  constructor(detail: string, options?: ErrorOptions) {
    super(`The cluster coordinator is unavailable (${detail})`, undefined, options);
  }
}
