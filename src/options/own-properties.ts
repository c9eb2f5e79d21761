/**
 * How every entry point reads what callers hand in (task options, overrides, settings of the
 * scheduler, workers, bootstrap, close, stop and the Redis coordinator): own enumerable string-keyed
 * properties only, so nothing inherited (a polluted `Object.prototype`, a prototype of defaults) is
 * ever taken for a setting; each property read once, so a getter cannot answer one thing to the check
 * and another to the use; and whatever a getter or Proxy trap throws is handed to `fail`, which turns
 * it into that entry point's own typed error.
 */

/**
 * Why reading failed: not a plain object (arrays included), or reading `name` (the list of names, when
 * `undefined`) threw `cause`; `read` holds what was read before.
 */
export type ReadFailure =
  | { readonly kind: 'not-an-object' }
  | {
      readonly kind: 'unreadable';
      readonly name: string | undefined;
      readonly cause: unknown;
      readonly read: ReadonlyMap<string, unknown>;
    };

/** The own enumerable string-keyed properties of a plain object (not an array or a function), read once. */
export function readOwnRecord(
  value: unknown,
  fail: (failure: ReadFailure) => never,
): ReadonlyMap<string, unknown> {
  if (typeof value !== 'object' || value === null) return fail({ kind: 'not-an-object' });
  let names: string[] | undefined;
  try {
    // Array.isArray and Object.keys run a Proxy's traps (and throw on a revoked one).
    names = Array.isArray(value) ? undefined : Object.keys(value);
  } catch (cause) {
    return fail({ kind: 'unreadable', name: undefined, cause, read: new Map() });
  }
  if (names === undefined) return fail({ kind: 'not-an-object' });
  const values = new Map<string, unknown>();
  for (const name of names) {
    try {
      values.set(name, (value as Record<string, unknown>)[name]);
    } catch (cause) {
      return fail({ kind: 'unreadable', name, cause, read: values });
    }
  }
  return values;
}

/**
 * One member of an object that implements an interface (a clock, a logger, a coordinator): read through
 * its prototype chain, since methods live on classes, with a throwing getter or trap handed to `fail`.
 */
export function readMember(target: object, name: string, fail: (cause: unknown) => never): unknown {
  try {
    return (target as Record<string, unknown>)[name];
  } catch (cause) {
    return fail(cause);
  }
}

/**
 * The time of a real `Date` (brand-checked, so a Proxy around a Date or an object that only inherits
 * from `Date.prototype` is not one), or `undefined` for anything else.
 */
export function dateTimeOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return undefined;
  }
}
