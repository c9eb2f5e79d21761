/**
 * The one reader of callers' objects (src/options/own-properties.ts): own enumerable properties only,
 * each read once, and every exception while reading handed to `fail` instead of escaping.
 */
import { describe, expect, it } from 'vitest';

import { dateTimeOf, readOwnRecord, readMember, type ReadFailure } from '../../src/options/own-properties.js';
import { HostileError, PROXY_TRAPS, revoked, trapping, withThrowingGetter } from './hostile.js';

class Failed extends Error {
  constructor(readonly failure: ReadFailure) {
    super(failure.kind);
  }
}

function read(value: unknown): ReadonlyMap<string, unknown> {
  return readOwnRecord(value, (failure) => {
    throw new Failed(failure);
  });
}

function failureOf(value: unknown): ReadFailure {
  try {
    read(value);
  } catch (error) {
    expect(error).toBeInstanceOf(Failed);
    return (error as Failed).failure;
  }
  throw new Error('expected the read to fail');
}

describe('readOwnRecord', () => {
  it('reads own enumerable string-keyed properties, and nothing inherited, hidden or symbolic', () => {
    const object = Object.create({ inherited: 1 }) as Record<string | symbol, unknown>;
    object.own = 2;
    object[Symbol('s')] = 3;
    Object.defineProperty(object, 'hidden', { value: 4, enumerable: false });
    expect([...read(object)]).toEqual([['own', 2]]);
  });

  it('reads each property once, even through a getter', () => {
    let reads = 0;
    const object = {
      get interval(): number {
        reads += 1;
        return reads;
      },
    };
    expect(read(object).get('interval')).toBe(1);
    expect(reads).toBe(1);
  });

  it.each([[null], [5], ['x'], [[1]], [() => 1], [Symbol('s')]])('refuses %o as not an object', (value) => {
    expect(failureOf(value)).toEqual({ kind: 'not-an-object' });
  });

  it('hands a throwing getter over with its name, its cause and what was read before it', () => {
    const failure = failureOf(withThrowingGetter({ key: 'k' }, 'interval'));
    expect(failure.kind).toBe('unreadable');
    if (failure.kind !== 'unreadable') return;
    expect(failure.name).toBe('interval');
    expect(failure.cause).toBeInstanceOf(HostileError);
    expect(failure.read.get('key')).toBe('k');
  });

  it.each(PROXY_TRAPS)('never lets a throwing %s trap escape', (trap) => {
    let outcome: unknown;
    try {
      outcome = read(trapping(trap, { interval: 5 }));
    } catch (error) {
      outcome = error;
    }
    // Either the trap is not used to read (the values come through) or its failure is handed over.
    if (outcome instanceof Failed)
      expect((outcome.failure as { cause?: unknown }).cause).toBeInstanceOf(HostileError);
    else expect(outcome).toEqual(new Map([['interval', 5]]));
  });

  it('hands over a revoked proxy as unreadable', () => {
    expect(failureOf(revoked())).toMatchObject({ kind: 'unreadable', name: undefined });
  });
});

describe('readMember', () => {
  it('reads inherited members (methods live on classes) and hands a throwing getter over', () => {
    class Clock {
      now(): number {
        return 1;
      }
    }
    const fail = (cause: unknown): never => {
      throw cause;
    };
    expect(typeof readMember(new Clock(), 'now', fail)).toBe('function');
    expect(() => readMember(withThrowingGetter({}, 'now'), 'now', fail)).toThrow(HostileError);
    expect(() => readMember(trapping('get', {}), 'now', fail)).toThrow(HostileError);
  });
});

describe('dateTimeOf', () => {
  it('reads real Dates only (brand-checked)', () => {
    class Day extends Date {}
    expect(dateTimeOf(new Date(5))).toBe(5);
    expect(dateTimeOf(new Day(7))).toBe(7);
    expect(dateTimeOf(new Proxy(new Date(5), {}))).toBeUndefined();
    expect(dateTimeOf(Object.create(Date.prototype))).toBeUndefined();
    expect(dateTimeOf(revoked())).toBeUndefined();
    expect(dateTimeOf(5)).toBeUndefined();
  });
});
