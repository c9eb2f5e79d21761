import { describe, expect, it } from 'vitest';

import { fromCrossingError, toCrossingError } from '../../src/runners/crossing-error.js';

/** What the parent gets for `thrown`, after the trip through a structured clone. */
function cross(thrown: unknown): Error {
  return fromCrossingError(structuredClone(toCrossingError(thrown)));
}

describe('errors crossing from a worker', () => {
  it('keeps name, message, stack and primitive fields of a custom error', () => {
    class LedgerError extends Error {
      override name = 'LedgerError';
      readonly code = 'E_LEDGER';
      readonly attempt = 3;
      readonly retryable = false;
      readonly details = { nested: true }; // not primitive: dropped
    }
    const original = new LedgerError('books do not balance');
    const rebuilt = cross(original) as Error & Record<string, unknown>;

    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.name).toBe('LedgerError');
    expect(rebuilt.message).toBe('books do not balance');
    expect(rebuilt.stack).toBe(original.stack);
    expect(rebuilt).toMatchObject({ code: 'E_LEDGER', attempt: 3, retryable: false });
    expect(rebuilt.details).toBeUndefined();
  });

  it('rebuilds the cause chain, errors and plain values alike', () => {
    const root = new RangeError('too deep', { cause: { limit: 3 } });
    const rebuilt = cross(new Error('outer', { cause: root }));
    const cause = rebuilt.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('RangeError');
    expect(cause.message).toBe('too deep');
    expect(cause.cause).toEqual({ limit: 3 });
  });

  it('stops a cyclic cause chain instead of looping', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    let depth = 0;
    for (let error: unknown = cross(a); error instanceof Error; error = error.cause) depth += 1;
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThan(20);
  });

  it('wraps a thrown non-Error value, keeping it as the cause when it can be cloned', () => {
    const fromString = cross('plain string');
    expect(fromString).toBeInstanceOf(Error);
    expect(fromString.message).toContain('plain string');
    expect(fromString.cause).toBe('plain string');

    const fromFunction = cross(() => 1);
    expect(typeof fromFunction.cause).toBe('string');
  });

  it('keeps an error without a cause free of one', () => {
    expect('cause' in cross(new TypeError('no cause'))).toBe(false);
  });
});
