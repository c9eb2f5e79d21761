import { deserialize, serialize } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

import { UncrossableValueError, type WorkerRunType } from '../errors.js';
import { describeUserValue, isError, readError } from '../user-values.js';
import { type CrossingClone, toCrossingError } from './crossing-error.js';
import type { WorkerResponse } from './protocol.js';

/**
 * Worker side: a run's outcome as a `WorkerResponse` that can always be sent to the parent. If sending
 * failed, piscina or tinypool would throw it in the worker, which kills the worker and fails the run as
 * a crash (a child process was replaced for a task that merely returned a symbol). So the response
 * holds only a copy of the value, made here the way the channel will copy it: any value that cannot
 * cross fails here, as the task's error, and the copy (plain data, no getters or Proxies) cannot fail
 * the second time.
 */

/** This module runs in a worker: in a child process (tinypool) the main thread, else a piscina thread. */
export const WORKER_RUN_TYPE: WorkerRunType = isMainThread ? 'PROCESS' : 'THREAD';

/**
 * A thread's port copies by structured clone; a child's IPC channel (`serialization: 'advanced'`) by
 * V8 serialisation, which refuses some values a structured clone takes (`Blob`, `KeyObject`,
 * `SharedArrayBuffer`).
 */
const cloneForParent: CrossingClone = isMainThread
  ? (value): unknown => deserialize(serialize(value)) as unknown
  : structuredClone;

function detailOf(error: unknown): string {
  return isError(error) ? readError(error).message : describeUserValue(error);
}

/** A run that threw `thrown` (anything at all). */
export function failureResponse(thrown: unknown, key: string): WorkerResponse {
  try {
    return { ok: false, error: toCrossingError(thrown, cloneForParent) };
  } catch (error) {
    // Not expected (every read of `thrown` is guarded), but a response must come back whatever happens.
    const problem = new UncrossableValueError(key, WORKER_RUN_TYPE, 'thrown value', detailOf(error));
    return { ok: false, error: toCrossingError(problem) };
  }
}

/** A run that returned `value`: its copy, or the reason it cannot cross as the run's error. */
export function successResponse(value: unknown, key: string): WorkerResponse {
  const primitive =
    value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol');
  if (primitive) return { ok: true, value };
  try {
    return { ok: true, value: cloneForParent(value) };
  } catch (error) {
    const problem = new UncrossableValueError(key, WORKER_RUN_TYPE, 'return value', detailOf(error), {
      cause: error,
    });
    return failureResponse(problem, key);
  }
}
