/** Describes values and causes for messages, without ever throwing. */
/**
 * Describes a value for a message: `-1 (number)`, `"5x" (string)`, `Invalid Date (Date)`. It never
 * throws: a Proxy whose traps throw (or a revoked one) is described by its type alone.
 */
export function describeValue(value: unknown): string {
  try {
    return describeReadable(value);
  } catch {
    return typeof value === 'function' ? 'a function' : 'an object';
  }
}

function describeReadable(value: unknown): string {
  if (value instanceof Date)
    return `${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()} (Date)`;
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`;
  if (typeof value === 'function') return `a function`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'undefined':
      return `${String(value)} (${typeof value})`;
    default:
      return 'an object';
  }
}

/** What went wrong while reading a value, for a message: an error's message, else its description. */
export function describeCause(cause: unknown): string {
  try {
    return cause instanceof Error ? `${cause.name}: ${cause.message}` : describeValue(cause);
  } catch {
    return describeValue(cause);
  }
}
