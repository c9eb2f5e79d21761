import { describe, expect, it } from 'vitest';

import { SchedulerError, TaskTargetError, TaskTimeoutError, UncrossableValueError } from '../../src/index.js';
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

/** An error whose `property` getter throws. */
function withThrowingGetter(error: Error, property: string): Error {
  Object.defineProperty(error, property, {
    get() {
      throw new Error(`${property} getter`);
    },
  });
  return error;
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('hostile thrown values', () => {
  const hostile: readonly (readonly [string, () => unknown])[] = [
    [
      'an object whose toString throws',
      () => ({
        toString: () => {
          throw new Error('no');
        },
      }),
    ],
    ['a null-prototype object', () => Object.create(null) as unknown],
    ['a revoked Proxy', revokedProxy],
    [
      'a Proxy whose every trap throws',
      () =>
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap');
            },
            getPrototypeOf: () => {
              throw new Error('trap');
            },
            ownKeys: () => {
              throw new Error('trap');
            },
            has: () => {
              throw new Error('trap');
            },
          },
        ),
    ],
    ['an Error whose message getter throws', () => withThrowingGetter(new RangeError('m'), 'message')],
    ['an Error whose stack getter throws', () => withThrowingGetter(new RangeError('s'), 'stack')],
    ['an Error whose name getter throws', () => withThrowingGetter(new RangeError('n'), 'name')],
    ['an Error whose cause getter throws', () => withThrowingGetter(new RangeError('c'), 'cause')],
    [
      'an Error with an enumerable getter that throws',
      () =>
        Object.defineProperty(new Error('f'), 'code', {
          enumerable: true,
          get: () => {
            throw new Error('code getter');
          },
        }),
    ],
    ['a Symbol', () => Symbol('odd')],
  ];

  it.each(hostile)('flattens %s without throwing, into something a clone takes', (_name, make) => {
    const thrown = make();
    const crossing = toCrossingError(thrown);
    expect(() => structuredClone(crossing)).not.toThrow();
    expect(fromCrossingError(structuredClone(crossing))).toBeInstanceOf(Error);
  });

  it('keeps what can be read of an Error whose other parts cannot be', () => {
    const noMessage = cross(withThrowingGetter(new RangeError('m'), 'message'));
    expect(noMessage.name).toBe('RangeError');
    expect(noMessage.message).toMatch(/cannot be read/);
    const noCause = cross(withThrowingGetter(new RangeError('kept'), 'cause'));
    expect(noCause).toMatchObject({ name: 'RangeError', message: 'kept' });
    expect(noCause.stack).toContain('crossing-error.test.ts');
    expect('cause' in noCause).toBe(false);
    const proxied = cross(new Proxy(new RangeError('through a proxy'), {}));
    expect(proxied).toMatchObject({ name: 'RangeError', message: 'through a proxy' });
  });

  it('leaves out a field whose getter throws, keeping the others', () => {
    const error = Object.defineProperty(new Error('f'), 'code', {
      enumerable: true,
      get: () => {
        throw new Error('code getter');
      },
    });
    (error as Error & { attempt?: number }).attempt = 2;
    const rebuilt = cross(error) as Error & Record<string, unknown>;
    expect(rebuilt.attempt).toBe(2);
    expect(rebuilt.code).toBeUndefined();
  });

  it('describes a non-Error value it cannot turn into text', () => {
    expect(cross(revokedProxy()).message).toMatch(/non-Error value was thrown: a Proxy/);
    expect(cross(Object.create(null)).message).toMatch(/non-Error value was thrown: an object/);
  });

  it('gives an error without a readable stack its header, not the parent’s frames', () => {
    const rebuilt = cross(withThrowingGetter(new RangeError('s'), 'stack'));
    expect(rebuilt.stack).toBe('RangeError: s');
  });
});

describe('crontainer’s own errors crossing', () => {
  it.each([
    ['TaskTargetError', () => new TaskTargetError('job', 'THREAD', 'has no function export "x"')],
    ['UncrossableValueError', () => new UncrossableValueError('job', 'PROCESS', 'return value', 'no clone')],
    ['TaskTimeoutError', () => new TaskTimeoutError('job', 250)],
  ])('rebuilds %s as its own class, with its fields', (_name, make) => {
    const original = make();
    const rebuilt = cross(original);
    expect(rebuilt).toBeInstanceOf(original.constructor);
    expect(rebuilt).toBeInstanceOf(SchedulerError);
    expect(rebuilt).toMatchObject({ name: original.name, message: original.message, key: 'job' });
    expect(rebuilt.stack).toBe(original.stack);
  });

  it('keeps the fields of each class', () => {
    expect(cross(new TaskTimeoutError('job', 250))).toMatchObject({ timeout: 250 });
    expect(cross(new UncrossableValueError('job', 'THREAD', 'return value', 'x'))).toMatchObject({
      runType: 'THREAD',
      what: 'return value',
    });
    expect(cross(new TaskTargetError('job', 'PROCESS', 'x'))).toMatchObject({
      runType: 'PROCESS',
      option: 'fn',
    });
  });
});
