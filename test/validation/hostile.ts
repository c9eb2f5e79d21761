/**
 * Hostile values for the bad-input tests: objects whose reading throws (getters, Proxy traps, revoked
 * proxies), and a helper that says what a call threw. Shared by the unit tests and the property test.
 */
import { expect } from 'vitest';

import { SchedulerError } from '../../src/index.js';

/** Every Proxy trap there is (the ones reading never uses must not matter either). */
export const PROXY_TRAPS = [
  'get',
  'set',
  'has',
  'deleteProperty',
  'ownKeys',
  'getOwnPropertyDescriptor',
  'defineProperty',
  'getPrototypeOf',
  'setPrototypeOf',
  'isExtensible',
  'preventExtensions',
  'apply',
  'construct',
] as const satisfies readonly (keyof ProxyHandler<object>)[];

export type ProxyTrap = (typeof PROXY_TRAPS)[number];

/** The error every hostile read throws, so tests can check it arrives as the `cause`. */
export class HostileError extends Error {
  override name = 'HostileError';
}

/** `target` behind a Proxy whose one `trap` throws a `HostileError`. */
export function trapping<T extends object>(trap: ProxyTrap, target: T): T {
  return new Proxy(target, {
    [trap]: () => {
      throw new HostileError(`${trap} trap`);
    },
  });
}

/** A revoked Proxy: every operation on it, `Array.isArray` included, throws a TypeError. */
export function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** `values` as own enumerable properties, plus one whose getter throws a `HostileError`. */
export function withThrowingGetter(values: Record<string, unknown>, name: string): object {
  const object = { ...values };
  Object.defineProperty(object, name, {
    enumerable: true,
    get: () => {
      throw new HostileError(`getter of ${name}`);
    },
  });
  return object;
}

/** What `action` threw, checked to be a `SchedulerError` of `type`; fails if it threw nothing. */
export function refusal<E extends SchedulerError>(
  action: () => unknown,
  type: abstract new (...args: never[]) => E,
): E {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(SchedulerError);
    return error as E;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}

/** What `promise` rejected with, checked as `refusal` does. */
export async function rejection<E extends SchedulerError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(SchedulerError);
    return error as E;
  }
  throw new Error(`expected a rejection with ${type.name}, it resolved`);
}
