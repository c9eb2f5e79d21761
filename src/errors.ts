/**
 * Every error crontainer throws or reports is a {@link SchedulerError}. Each subclass builds its own
 * message from structured fields, so the wording lives once (in `errors/`, one file per area) and
 * callers (and tests) can rely on `error.key` and `error.option` instead of matching text. The rest of
 * the library imports them from here.
 */
export { describeValue } from './errors/describe-value.js';
export * from './errors/scheduler-error.js';
export * from './errors/task-errors.js';
export * from './errors/settings-errors.js';
export * from './errors/cluster-errors.js';
export * from './errors/app-errors.js';
export * from './errors/worker-errors.js';
