import {
  SchedulerClosedError,
  type SchedulerError,
  TaskStoppedError,
  TaskTargetError,
  TaskTimeoutError,
  UncrossableValueError,
} from '../errors.js';
import { attempt, describeUserValue, isError, readError } from '../user-values.js';
import type { CrossingError } from './protocol.js';

/**
 * Errors cross between a worker and the parent as data. A structured clone alone would keep only the
 * built-in error names and drop custom fields, so the worker flattens the error here and the parent
 * rebuilds an `Error` with the worker's name, message, stack, primitive fields and cause chain. What a
 * task threw may be hostile (a Proxy, getters that throw): every read of it is guarded (`user-values`),
 * and a part that cannot be read is left out, so flattening never throws.
 */

/** How deep a `cause` chain is followed; a cycle or a very long chain stops here. */
const MAX_CAUSE_DEPTH = 8;

/**
 * crontainer's own errors that cross: those a worker raises (rebuilt in the parent) and the abort
 * reasons the parent sends (rebuilt in the worker). They are rebuilt as their class, so `instanceof`
 * holds on the other side; any other name is rebuilt as a plain `Error` carrying that name.
 */
const OWN_ERRORS: ReadonlyMap<string, abstract new (...args: never[]) => SchedulerError> = new Map<
  string,
  abstract new (...args: never[]) => SchedulerError
>([
  ['TaskTargetError', TaskTargetError],
  ['UncrossableValueError', UncrossableValueError],
  ['TaskTimeoutError', TaskTimeoutError],
  ['TaskStoppedError', TaskStoppedError],
  ['SchedulerClosedError', SchedulerClosedError],
]);

/** How a value is copied to cross (a structured clone to a thread, V8 serialisation to a child). */
export type CrossingClone = (value: unknown) => unknown;

/** Own enumerable data fields holding primitives; accessors are not called (they may throw). */
function primitiveFields(error: object): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {};
  for (const name of attempt(() => Object.keys(error), [])) {
    if (name === 'name' || name === 'message' || name === 'stack' || name === 'cause') continue;
    const value = attempt((): unknown => Object.getOwnPropertyDescriptor(error, name)?.value, undefined);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields[name] = value;
    }
  }
  return fields;
}

/** A value that is not an `Error`, as a cause: its copy if it can cross, else its description. */
function crossingValue(value: unknown, clone: CrossingClone): { readonly value: unknown } {
  try {
    return { value: clone(value) };
  } catch {
    return { value: describeUserValue(value) };
  }
}

/**
 * Flattens whatever a task threw (an `Error` or any value) into a `CrossingError`, whose every part is
 * a string, a primitive or a copy made by `clone` (so that sending it cannot fail). Never throws.
 */
export function toCrossingError(
  thrown: unknown,
  clone: CrossingClone = structuredClone,
  depth = 0,
): CrossingError {
  if (!isError(thrown)) {
    return {
      name: 'Error',
      message: `a non-Error value was thrown: ${describeUserValue(thrown)}`,
      stack: undefined,
      fields: {},
      cause: crossingValue(thrown, clone),
    };
  }
  const crossing: CrossingError = { ...readError(thrown), fields: primitiveFields(thrown) };
  if (depth >= MAX_CAUSE_DEPTH || !attempt(() => 'cause' in thrown, false)) return crossing;
  let cause: unknown;
  try {
    cause = thrown.cause;
  } catch {
    return crossing; // a `cause` getter that throws: the error crosses without its cause
  }
  return {
    ...crossing,
    cause: isError(cause) ? toCrossingError(cause, clone, depth + 1) : crossingValue(cause, clone),
  };
}

/** Rebuilds, in the parent, the error a worker reported. Its `stack` is the worker's. */
export function fromCrossingError(crossing: CrossingError): Error {
  const cause = crossing.cause;
  const options: ErrorOptions | undefined =
    cause === undefined ? undefined : { cause: 'value' in cause ? cause.value : fromCrossingError(cause) };
  const own = OWN_ERRORS.get(crossing.name);
  // One of ours is made without running its constructor (whose arguments did not cross); its fields
  // (`key`, …) are primitive and arrive with the others below.
  const error =
    own === undefined
      ? new Error(crossing.message, options)
      : (Reflect.construct(Error, [crossing.message, options], own) as Error);
  // `name` as an own property, as the original had it on its prototype: it shows in the stack and logs.
  Object.defineProperty(error, 'name', { value: crossing.name, writable: true, configurable: true });
  Object.assign(error, crossing.fields);
  // Without the worker's stack (unreadable, or not an Error), the header alone: the frames of this
  // function would point at crontainer, not at the task.
  error.stack = crossing.stack ?? `${crossing.name}: ${crossing.message}`;
  return error;
}
