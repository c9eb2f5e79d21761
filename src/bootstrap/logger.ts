/**
 * Where bootstrap and the scheduler report what the app should know: which tasks started, which
 * decorated classes were skipped and why, and errors of runs nobody listens for. Any logger with these
 * three methods fits. A pino logger (or child) is called pino's way, `error({ key, err }, message)`;
 * any other (`console`, winston) is called `error(message, err)`, or `info(message)` without an error.
 * Every message names the task it is about.
 */
export interface Logger {
  /** Start-up notes: the tasks registered, a signal received. */
  info(message: string, ...meta: unknown[]): void;
  /** What the app should fix: a decorated class the container does not know. */
  warn(message: string, ...meta: unknown[]): void;
  /** Failed runs nobody listens for, throwing listeners, a graceful close that failed. */
  error(message: string, ...meta: unknown[]): void;
}
