/**
 * Where bootstrap and the scheduler report what the app should know: which tasks started, which
 * decorated classes were skipped and why, and errors of runs nobody listens for. Any logger with these
 * three methods fits (`console`, pino, winston).
 */
export interface Logger {
  info(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}
