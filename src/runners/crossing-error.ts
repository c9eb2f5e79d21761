import type { CrossingError } from './protocol.js';

/**
 * Errors cross between a worker and the parent as data. A structured clone alone would keep only the
 * built-in error names and drop custom fields, so the worker flattens the error here and the parent
 * rebuilds an `Error` with the worker's name, message, stack, primitive fields and cause chain.
 */

/** A run's return value cannot be structured-cloned back to the parent: the run fails with this. */
export function uncrossableResultError(key: string, cause: unknown): TypeError {
  return new TypeError(
    `Task "${key}": its return value cannot cross to the parent (it must be structured-cloneable)`,
    { cause },
  );
}

/** How deep a `cause` chain is followed; a cycle or a very long chain stops here. */
const MAX_CAUSE_DEPTH = 8;

function primitiveFields(error: object): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(error)) {
    if (name === 'name' || name === 'message' || name === 'stack' || name === 'cause') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields[name] = value;
    }
  }
  return fields;
}

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** Flattens whatever a task threw (an `Error` or any value) into a `CrossingError`. */
export function toCrossingError(thrown: unknown, depth = 0): CrossingError {
  if (!(thrown instanceof Error)) {
    return {
      name: 'Error',
      message: `a non-Error value was thrown: ${String(thrown)}`,
      stack: undefined,
      fields: {},
      cause: { value: isCloneable(thrown) ? thrown : String(thrown) },
    };
  }
  const crossing: CrossingError = {
    name: thrown.name,
    message: thrown.message,
    stack: thrown.stack,
    fields: primitiveFields(thrown),
  };
  if (!('cause' in thrown) || depth >= MAX_CAUSE_DEPTH) return crossing;
  const cause: unknown = thrown.cause;
  return {
    ...crossing,
    cause:
      cause instanceof Error
        ? toCrossingError(cause, depth + 1)
        : { value: isCloneable(cause) ? cause : String(cause) },
  };
}

/** Rebuilds, in the parent, the error a worker reported. Its `stack` is the worker's. */
export function fromCrossingError(crossing: CrossingError): Error {
  const cause = crossing.cause;
  const options: ErrorOptions | undefined =
    cause === undefined ? undefined : { cause: 'value' in cause ? cause.value : fromCrossingError(cause) };
  const error = new Error(crossing.message, options);
  // `name` as an own property, as the original had it on its prototype: it shows in the stack and logs.
  Object.defineProperty(error, 'name', { value: crossing.name, writable: true, configurable: true });
  Object.assign(error, crossing.fields);
  if (crossing.stack !== undefined) error.stack = crossing.stack;
  return error;
}
