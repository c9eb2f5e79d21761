/**
 * `Task.toJSON()`'s shape: every public field of a task as plain JSON data, so that `JSON.stringify`,
 * loggers and tables never meet a `Date`, an `Error` or a value JSON cannot hold.
 */
import { describeValue } from '../errors.js';
import type { OverlapPolicy, RunType } from '../options/task-options.js';
import type { TaskStatus } from './task.js';

/** An error as `toJSON` gives it: its name and message (a thrown non-Error is described). */
export interface ErrorJSON {
  /** The error's `name` (`'Error'` for a thrown non-Error). */
  readonly name: string;
  /** The error's `message`, or a description of the thrown value. */
  readonly message: string;
}

/**
 * A task's options and state as plain JSON data. Times are ISO strings, absent values `null` (so every
 * field is present once stringified), durations in ms.
 */
export interface TaskJSON {
  /** `Task.key`. */
  readonly key: string;
  /** `Task.status`. */
  readonly status: TaskStatus;
  /** `Task.isActive`. */
  readonly isActive: boolean;
  /** `Task.isRunning`: a run is in flight. */
  readonly isRunning: boolean;
  /** `Task.runCount`: runs started. */
  readonly runCount: number;
  /** `Task.skipCount`: ticks skipped for overlap. */
  readonly skipCount: number;
  /** `Task.errorCount`: runs that failed. */
  readonly errorCount: number;
  /** `Task.lastRunAt` as an ISO string. */
  readonly lastRunAt: string | null;
  /** `Task.lastRunDuration`, ms. */
  readonly lastRunDuration: number | null;
  /** `Task.nextRunAt` as an ISO string. */
  readonly nextRunAt: string | null;
  /** `Task.lastError`'s name and message. */
  readonly lastError: ErrorJSON | null;
  /** `Task.interval`, ms. */
  readonly interval: number | null;
  /** `Task.cron`. */
  readonly cron: string | null;
  /** `Task.timezone`. */
  readonly timezone: string | null;
  /** `Task.firstRun` as an ISO string. */
  readonly firstRun: string | null;
  /** `Task.runs`. */
  readonly runs: number | null;
  /** `Task.runType`. */
  readonly runType: RunType;
  /** As `JSON.stringify` writes them; when it cannot (a BigInt, a cycle), each one described instead. */
  readonly args: readonly unknown[];
  /** `Task.autoRemove`. */
  readonly autoRemove: boolean;
  /** `Task.overlap`. */
  readonly overlap: OverlapPolicy;
  /** `Task.timeout`, ms. */
  readonly timeout: number | null;
  /** `Task.enabled`. */
  readonly enabled: boolean;
}

/** `lastError` as JSON: `null` when there is none. */
export function errorJSON(error: unknown): ErrorJSON | null {
  if (error === undefined) return null;
  if (error instanceof Error) return { name: error.name, message: error.message };
  // The wording a worker uses for the same case (see crossing-error.ts).
  return { name: 'Error', message: `a non-Error value was thrown: ${text(error)}` };
}

/** `String(value)`, which throws for an object without a prototype: then described instead. */
function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return describeValue(value);
  }
}

/** `args` as plain JSON data: a copy through JSON, or, if JSON cannot hold them, each one described. */
export function argsJSON(args: readonly unknown[]): readonly unknown[] {
  if (args.length === 0) return [];
  try {
    return JSON.parse(JSON.stringify(args)) as unknown[];
  } catch {
    return args.map((arg) => describeValue(arg));
  }
}

/** A `Date` as an ISO string, `null` when absent. */
export function timeJSON(time: Date | undefined): string | null {
  return time === undefined ? null : time.toISOString();
}
