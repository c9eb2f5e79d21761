/**
 * `Task.toJSON()`'s shape: every public field of a task as plain JSON data, so that `JSON.stringify`,
 * loggers and tables never meet a `Date`, an `Error` or a value JSON cannot hold.
 */
import { describeValue } from '../errors.js';
import type { OverlapPolicy, RunType } from '../options/task-options.js';
import type { TaskStatus } from './task.js';

/** An error as `toJSON` gives it: its name and message (a thrown non-Error is described). */
export interface ErrorJSON {
  readonly name: string;
  readonly message: string;
}

/**
 * A task's options and state as plain JSON data. Times are ISO strings, absent values `null` (so every
 * field is present once stringified), durations in ms.
 */
export interface TaskJSON {
  readonly key: string;
  readonly status: TaskStatus;
  readonly isActive: boolean;
  readonly isRunning: boolean;
  readonly runCount: number;
  readonly skipCount: number;
  readonly errorCount: number;
  readonly lastRunAt: string | null;
  readonly lastRunDuration: number | null;
  readonly nextRunAt: string | null;
  readonly lastError: ErrorJSON | null;
  readonly interval: number | null;
  readonly cron: string | null;
  readonly timezone: string | null;
  readonly firstRun: string | null;
  readonly runs: number | null;
  readonly runType: RunType;
  /** As `JSON.stringify` writes them; when it cannot (a BigInt, a cycle), each one described instead. */
  readonly args: readonly unknown[];
  readonly autoRemove: boolean;
  readonly overlap: OverlapPolicy;
  readonly timeout: number | null;
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
