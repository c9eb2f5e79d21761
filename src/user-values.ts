import { types } from 'node:util';

/**
 * Reading values that user code produced: what a task threw or returned. Any of them may be a Proxy (a
 * revoked one throws on every operation), or an object whose getters or `toString` throw. crontainer
 * reads them to report a run's failure, and a report must never fail because of what it reports, so
 * every read here is guarded and none of these functions throws. Shared by the workers (which flatten
 * errors to cross to the parent) and the scheduler (which logs them).
 */

/** What `read` returns, or `fallback` when it throws. */
export function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Whether `value` is an `Error`: an instance, a Proxy of one, or one from another realm. */
export function isError(value: unknown): value is Error {
  return attempt(() => value instanceof Error, false) || types.isNativeError(value);
}

/** A short description of any value, for a message: its text when it has one, else its kind. */
export function describeUserValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = attempt(() => String(value), undefined);
  if (text !== undefined) return text;
  if (types.isProxy(value)) return 'a Proxy that cannot be read (revoked?)';
  return typeof value === 'function' ? 'a function' : 'an object that cannot be turned into text';
}

/** `object[property]` as text; `undefined` when it is missing or reading it throws. */
export function readText(object: object, property: string): string | undefined {
  return attempt(() => {
    const value: unknown = (object as Record<string, unknown>)[property];
    return value === undefined ? undefined : describeUserValue(value);
  }, undefined);
}

/** The parts of an error that can be read; `message` says so when it cannot be. */
export interface ReadableError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}

/** Reads name, message and stack of an `Error` (see `isError`) as far as they can be read. */
export function readError(error: Error): ReadableError {
  return {
    name: readText(error, 'name') ?? 'Error',
    message: readText(error, 'message') ?? '(its message cannot be read)',
    stack: readText(error, 'stack'),
  };
}

/**
 * A plain `Error` that stands for `value` in a log line, built only from what can be read: for a logger
 * that throws on the original (Node's `console` throws on an error whose `message` getter throws).
 */
export function loggableStandIn(value: unknown): Error {
  if (!isError(value)) return new Error(`a non-Error value was thrown: ${describeUserValue(value)}`);
  const { name, message, stack } = readError(value);
  const standIn = new Error(message);
  standIn.name = name;
  standIn.stack = stack ?? `${name}: ${message}`;
  return standIn;
}
