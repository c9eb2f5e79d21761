/**
 * Issue 9, task options: every hostile value given to `add`, `asyncAdd`, `@Scheduled` or an edit is an
 * `InvalidTaskOptionsError` naming the key and the option (with what reading threw as its `cause`),
 * never a raw TypeError or a crash, and nothing is stored.
 */
import { describe, expect, it, vi } from 'vitest';

import {
  InvalidTaskOptionsError,
  Scheduled,
  Scheduler,
  type TaskOptions,
  type TaskSource,
} from '../../src/index.js';
import { MAX_TASK_ARGS } from '../../src/options/rules.js';
import { withFakeTimedScheduler } from '../scheduler/helpers.js';
import {
  HostileError,
  PROXY_TRAPS,
  refusal,
  rejection,
  revoked,
  trapping,
  withThrowingGetter,
} from './hostile.js';

let scheduler: Scheduler;

withFakeTimedScheduler((made) => ({ scheduler } = made), { settleMs: 0 });

const noop = (): void => {};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function addRefusal(options: unknown, fn: unknown = noop): InvalidTaskOptionsError {
  return refusal(() => scheduler.add(fn as TaskSource, options as TaskOptions), InvalidTaskOptionsError);
}

function expectNothingStored(): void {
  expect(scheduler.tasks.size).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
}

describe('options whose reading throws', () => {
  it.each(['key', 'interval', 'enabled', 'args', 'runType'])(
    'a throwing getter on %s: the option, the key read before it, the cause',
    (option) => {
      const values = option === 'key' ? { interval: 1_000 } : { key: 'g', interval: 1_000 };
      const error = addRefusal(withThrowingGetter(values, option));
      expect(error.option).toBe(option);
      if (option === 'key') expect(error.key).toMatch(UUID);
      else expect(error.key).toBe('g');
      expect(error.cause).toBeInstanceOf(HostileError);
      expect(error.message).toContain('could not be read');
      expectNothingStored();
    },
  );

  it.each(PROXY_TRAPS)(
    'options behind a Proxy whose %s trap throws: refused or accepted, never raw',
    (trap) => {
      let outcome: unknown;
      try {
        outcome = scheduler.add(noop, trapping(trap, { key: 'p', interval: 1_000 }));
      } catch (error) {
        outcome = error;
      }
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(InvalidTaskOptionsError);
        expect(outcome.cause).toBeInstanceOf(HostileError);
        expectNothingStored();
      } else {
        // Traps that reading never runs (set, apply …) change nothing: the options are read as given.
        expect(scheduler.tasks.get('p')?.interval).toBe(1_000);
      }
    },
  );

  it.each(['get', 'ownKeys', 'getOwnPropertyDescriptor'] as const)(
    'the traps reading runs (%s) refuse the options',
    (trap) => {
      const error = addRefusal(trapping(trap, { key: 'p', interval: 1_000 }));
      expect(error.cause).toBeInstanceOf(HostileError);
      expectNothingStored();
    },
  );

  it('a revoked Proxy as the options is refused as unreadable', () => {
    const error = addRefusal(revoked());
    expect(error.option).toBe('options');
    expect(error.cause).toBeInstanceOf(TypeError);
    expectNothingStored();
  });

  it('asyncAdd rejects (never throws) for options whose reading throws', async () => {
    let promise: Promise<unknown> | undefined;
    expect(
      () => (promise = scheduler.asyncAdd(noop, withThrowingGetter({ key: 'a' }, 'interval'))),
    ).not.toThrow();
    const error = await rejection(promise!, InvalidTaskOptionsError);
    expect(error.option).toBe('interval');
    expectNothingStored();
  });
});

describe('args', () => {
  it.each([
    ['a throwing getter on an element', () => arrayWithThrowingElement(), HostileError],
    ['a Proxy whose get trap throws', () => trapping('get', [1, 2]), HostileError],
    ['a revoked Proxy', revoked, TypeError],
  ])('%s: refused with the cause', (_, args, cause) => {
    const error = addRefusal({ key: 'a', args: args() });
    expect(error.option).toBe('args');
    expect(error.key).toBe('a');
    expect(error.cause).toBeInstanceOf(cause);
    expectNothingStored();
  });

  it('refuses 2^32−1 holes at once, before copying anything', () => {
    const started = performance.now();
    const error = addRefusal({ key: 'huge', args: new Array(2 ** 32 - 1) });
    expect(performance.now() - started).toBeLessThan(100);
    expect(error.option).toBe('args');
    expect(error.message).toContain(`at most ${MAX_TASK_ARGS} arguments`);
    expectNothingStored();
  });

  it(`takes up to ${MAX_TASK_ARGS} arguments, and passes them all`, async () => {
    const seen: number[] = [];
    const args = Array.from({ length: MAX_TASK_ARGS }, (_, index) => index);
    scheduler.add((_ctx, ...rest: unknown[]) => seen.push(rest.length), { key: 'max', args });
    expect(addRefusal({ key: 'over', args: [...args, 0] }).option).toBe('args');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([MAX_TASK_ARGS]);
  });

  it('passes a hole as undefined, as a spread call does, and keeps the copy dense', async () => {
    const seen: unknown[][] = [];
    // eslint-disable-next-line no-sparse-arrays
    const task = scheduler.add((_ctx, ...rest: unknown[]) => seen.push(rest), { key: 'holes', args: [, 1] });
    expect(Object.hasOwn(task.args, 0)).toBe(true);
    expect(task.args).toEqual([undefined, 1]);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([[undefined, 1]]);
  });

  it('reads by index up to the length, never through a replaced iterator', () => {
    const args = [1, 2];
    Object.defineProperty(args, Symbol.iterator, {
      value: function* endless(): Generator<number> {
        for (;;) yield 9;
      },
    });
    expect(scheduler.add(noop, { key: 'it', args }).args).toEqual([1, 2]);
  });
});

/** `[<getter that throws>]`. */
function arrayWithThrowingElement(): unknown[] {
  const array: unknown[] = [undefined];
  Object.defineProperty(array, '0', {
    enumerable: true,
    get: () => {
      throw new HostileError('element getter');
    },
  });
  return array;
}

describe('firstRun', () => {
  it.each([
    ['a Proxy around a Date', new Proxy(new Date(), {})],
    ['an object inheriting from Date.prototype', Object.create(Date.prototype) as object],
    ['a revoked Proxy', revoked()],
  ])('refuses %s as firstRun', (_, firstRun) => {
    const error = addRefusal({ key: 'f', interval: 1_000, firstRun });
    expect(error.option).toBe('firstRun');
    expect(error.key).toBe('f');
    expectNothingStored();
  });

  it('takes a subclass of Date', () => {
    class Day extends Date {}
    expect(scheduler.add(noop, { key: 'd', firstRun: new Day(0), enabled: false }).firstRun?.getTime()).toBe(
      0,
    );
  });
});

describe('a bad key', () => {
  it.each([[''], ['  '], [5]])(
    'is quoted once, and the error names the key the task would have had: %o',
    (key) => {
      const error = addRefusal({ key, interval: 1_000 });
      expect(error.option).toBe('key');
      expect(error.key).toMatch(UUID);
      expect(error.message).toMatch(
        new RegExp(`^Task "${error.key}": options\\.key must be a non-empty string, got `),
      );
      expect(error.message).not.toContain('(string)"');
      expectNothingStored();
    },
  );

  it('names Class.method when a decorated key is bad', () => {
    const error = refusal(() => {
      class Report {
        @Scheduled({ key: '', interval: '1s' })
        run(): void {}
      }
      return Report;
    }, InvalidTaskOptionsError);
    expect(error.key).toBe('Report.run');
    expect(error.message).toBe('Task "Report.run": options.key must be a non-empty string, got "" (string)');
  });
});

describe('@Scheduled reads its options as add does', () => {
  it('refuses a throwing getter, naming Class.method and the option', () => {
    const error = refusal(() => {
      class Report {
        @Scheduled(withThrowingGetter({ interval: '1s' }, 'runs'))
        run(): void {}
      }
      return Report;
    }, InvalidTaskOptionsError);
    expect(error.key).toBe('Report.run');
    expect(error.option).toBe('runs');
    expect(error.cause).toBeInstanceOf(HostileError);
  });
});

describe('module references', () => {
  const MODULE = 'file:///srv/app/job.js';

  it.each([
    ['a throwing getter on module', withThrowingGetter({}, 'module')],
    ['a Proxy whose get trap throws', trapping('get', { module: MODULE })],
    ['a Proxy around a URL as module', { module: new Proxy(new URL(MODULE), {}) }],
    ['an unknown field (a typo)', { module: MODULE, exprot: 'run' }],
  ])('refuses %s, naming fn', (_, fn) => {
    const error = addRefusal({ key: 'm', runType: 'THREAD', enabled: false }, fn);
    expect(error.option).toBe('fn');
    expect(error.key).toBe('m');
    expectNothingStored();
  });
});

describe('edits', () => {
  it.each([
    ['args', trapping('get', [1])],
    ['args', new Array(MAX_TASK_ARGS + 1)],
    ['firstRun', new Proxy(new Date(), {})],
    ['interval', trapping('get', {})],
  ] as const)('refuses a hostile %s and leaves the task as it was', (option, value) => {
    const task = scheduler.add(noop, { key: 'e', interval: 1_000, args: [7], enabled: false });
    const error = refusal(() => {
      (task as unknown as Record<string, unknown>)[option] = value;
    }, InvalidTaskOptionsError);
    expect(error.option).toBe(option);
    expect(error.key).toBe('e');
    expect(task.args).toEqual([7]);
    expect(task.interval).toBe(1_000);
    expect(task.firstRun).toBeUndefined();
  });
});
