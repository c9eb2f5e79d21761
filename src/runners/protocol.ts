/**
 * The written contract between a THREAD/PROCESS runner (parent) and `worker.ts` (the only code on the
 * other side). Everything here is plain data that survives a structured clone, so the same messages
 * travel over piscina's MessagePort and over a child process's IPC channel (`serialization:
 * 'advanced'`). Errors cross as `CrossingError` values, never as thrown objects, so that the parent can
 * tell a task's own failure (a response) from a dead worker (a rejected dispatch).
 */
import type { ModuleTarget, ServiceMethodTarget } from './runner.js';

/** What a worker runs: a module export, or a method of a service rebuilt in the worker. */
export type WorkerTarget = ModuleTarget | ServiceMethodTarget;

/** One run, as sent to a worker. */
export interface WorkerRequest {
  /** Unique within the runner; names the run in abort messages. */
  readonly runId: number;
  readonly target: WorkerTarget;
  /** The task context's data; the worker rebuilds `ctx` (with its own `signal`) from it. */
  readonly key: string;
  readonly runNumber: number;
  /** The planned time, ms since the epoch (a number crosses more cheaply than a `Date`). */
  readonly scheduledAt: number;
  readonly args: readonly unknown[];
  /** URL of the app's composition root (`WorkerSettings.entry`), imported before a service is resolved. */
  readonly entry: string | undefined;
  /**
   * Name of the `BroadcastChannel` on which a thread pool announces aborts; `undefined` in a child
   * process, which hears aborts on its IPC channel instead.
   */
  readonly abortChannel: string | undefined;
}

/** An error as it crosses: enough to rebuild an `Error` in the parent that reads like the original. */
export interface CrossingError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Own enumerable primitive fields of the original (`code`, `errno`, `key` …). */
  readonly fields: Readonly<Record<string, string | number | boolean>>;
  readonly cause?: CrossingError | { readonly value: unknown };
}

/** How a run ended in the worker. */
export type WorkerResponse =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: CrossingError };

/** Tag of the abort message; `Symbol.for` is not used because symbols do not survive a clone. */
export const ABORT_MESSAGE = 'crontainer:abort';

/** Sent by the parent when a run's signal is aborted (timeout, shutdown). */
export interface AbortMessage {
  readonly type: typeof ABORT_MESSAGE;
  readonly runId: number;
  /** Why (the parent signal's reason, e.g. a `TaskTimeoutError`), rebuilt as the worker signal's reason. */
  readonly reason: CrossingError;
}

/** Tag of the message a thread posts when it exits by itself between runs. */
export const EXIT_MESSAGE = 'crontainer:exit';

/**
 * Posted by a thread on its way out after `process.exit()` (or its event loop running dry) while it
 * had no run in flight: piscina replaces such a thread silently, and this is how the parent hears of
 * it. Not sent when the thread dies of an uncaught error (piscina reports that itself), nor when it is
 * terminated (no code of the thread runs then). Child processes need no such message: tinypool reports
 * every unexpected exit of a child.
 */
export interface ExitMessage {
  readonly type: typeof EXIT_MESSAGE;
  readonly code: number;
}

/** The worker module's export that both pools call. */
export const WORKER_EXPORT = 'runTask';

export function isAbortMessage(message: unknown): message is AbortMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === ABORT_MESSAGE &&
    typeof (message as { runId?: unknown }).runId === 'number'
  );
}

export function isExitMessage(message: unknown): message is ExitMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === EXIT_MESSAGE &&
    typeof (message as { code?: unknown }).code === 'number'
  );
}
