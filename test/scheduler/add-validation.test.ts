/**
 * `add` and `asyncAdd` validate everything synchronously (SPEC "Scheduler", issue 2's "Bad input"):
 * every bad option is an `InvalidTaskOptionsError` naming the key and the option, and nothing is
 * stored, armed or run.
 */
import { describe, expect, it, vi } from 'vitest';

import {
  DuplicateTaskError,
  InvalidTaskOptionsError,
  Scheduler,
  SchedulerError,
  type TaskOptions,
  type TaskSource,
} from '../../src/index.js';
import { T0, withFakeTimedScheduler } from './helpers.js';

let scheduler: Scheduler;

withFakeTimedScheduler((made) => ({ scheduler } = made), { settleMs: 0 });

/** The error `add` throws for these inputs (fails the test if it throws nothing). */
function addError(fn: unknown, options: unknown): InvalidTaskOptionsError {
  try {
    scheduler.add(fn as TaskSource, options as TaskOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    expect(error).toBeInstanceOf(SchedulerError);
    return error as InvalidTaskOptionsError;
  }
  throw new Error('add accepted bad input');
}

function expectNothingStored(): void {
  expect(scheduler.tasks.size).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
}

const noop = (): void => {};

const BAD_DURATIONS: readonly unknown[] = [
  -1,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Number.POSITIVE_INFINITY,
  '',
  '5x',
  '-5s',
  '5 seconds',
  '1e3',
  true,
  {},
  [1000],
  // Below 1 ms a period no longer moves today's epoch (the timetable would plan one instant forever);
  // beyond 1e15 ms anchor + period leaves the Date range.
  1e-6,
  0.5,
  '0.5ms',
  2e15,
];

const BAD_OPTIONS: readonly (readonly [option: string, value: unknown])[] = [
  ...BAD_DURATIONS.map((value) => ['interval', value] as const),
  ...BAD_DURATIONS.map((value) => ['timeout', value] as const),
  ['firstRun', new Date(Number.NaN)],
  ['firstRun', Number.NaN],
  ['firstRun', Number.POSITIVE_INFINITY],
  ['firstRun', '2026-01-01'],
  ['firstRun', null],
  ['runs', 0],
  ['runs', -1],
  ['runs', 1.5],
  ['runs', Number.NaN],
  ['runs', Number.POSITIVE_INFINITY],
  ['runs', '3'],
  ['runType', 'async'],
  ['runType', 'WORKER'],
  ['runType', 1],
  ['overlap', 'queue'],
  ['autoRemove', 'yes'],
  ['enabled', 1],
  ['args', 'not an array'],
  ['args', { 0: 'a' }],
  ['cron', ''],
  ['cron', 'every minute'],
  ['cron', 42],
];

describe('add refuses bad options, naming key and option, and stores nothing', () => {
  it.each(BAD_OPTIONS)('options.%s = %o', (option, value) => {
    // `runs` > 1 needs an interval to be meaningful; give one so the value itself is what is judged.
    const base = option === 'cron' ? {} : { interval: 1_000 };
    const error = addError(noop, { key: 'bad', ...base, [option]: value });
    expect(error.key).toBe('bad');
    expect(error.option).toBe(option);
    expect(error.message).toContain('"bad"');
    expectNothingStored();
  });

  it.each([[''], ['   '], [42], [null]])('key = %o', (key) => {
    const error = addError(noop, { key, interval: 1_000 });
    expect(error.option).toBe('key');
    expect(typeof error.key).toBe('string');
    expectNothingStored();
  });

  it.each([[42], [null], [undefined], ['run'], [{}], [{ module: 'file:///job.js' }]])(
    'fn = %o for an ASYNC task',
    (fn) => {
      const error = addError(fn, { key: 'f' });
      expect(error.key).toBe('f');
      expect(error.option).toBe('fn');
      expectNothingStored();
    },
  );

  it.each(['THREAD', 'PROCESS'] as const)('refuses a closure for runType %s, naming fn', (runType) => {
    const error = addError(noop, { key: 'w', runType, enabled: false });
    expect(error.key).toBe('w');
    expect(error.option).toBe('fn');
    expectNothingStored();
  });

  it.each([['./job.js'], ['job.js'], [''], [42]])('refuses the module reference %o', (module) => {
    const error = addError({ module }, { key: 'm', runType: 'THREAD', enabled: false });
    expect(error.option).toBe('fn');
    expectNothingStored();
  });

  it('accepts an absolute module reference for THREAD (registered stopped, nothing runs)', () => {
    const task = scheduler.add(
      { module: new URL('file:///srv/app/job.js'), export: 'nightly' },
      { key: 'm', runType: 'THREAD', enabled: false },
    );
    expect(task.runType).toBe('THREAD');
    expect(task.isActive).toBe(false);
  });

  it('refuses an unknown option name, and names it', () => {
    const error = addError(noop, { key: 'typo', intervall: 1_000 });
    expect(error.key).toBe('typo');
    expect(error.option).toBe('intervall');
    expectNothingStored();
  });

  it('refuses interval together with cron', () => {
    const error = addError(noop, { key: 'both', interval: 1_000, cron: '* * * * *' });
    expect(error.key).toBe('both');
    expect(['interval', 'cron']).toContain(error.option);
    expectNothingStored();
  });

  it('refuses runs > 1 on a one-shot task, and timezone without cron', () => {
    expect(addError(noop, { key: 'r', runs: 2 }).option).toBe('runs');
    expect(addError(noop, { key: 'z', interval: 1_000, timezone: 'Europe/Berlin' }).option).toBe('timezone');
    expectNothingStored();
  });

  it('refuses options that are not an object', () => {
    for (const options of [5, 'interval', [1_000], null]) {
      expect(addError(noop, options)).toBeInstanceOf(InvalidTaskOptionsError);
    }
    expectNothingStored();
  });

  it('names a generated key when none was given', () => {
    const error = addError(noop, { interval: -5 });
    expect(error.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(error.option).toBe('interval');
  });

  it('stores nothing when an option after a good one is bad (no half-registered task)', () => {
    addError(noop, { key: 'half', interval: '1s', firstRun: T0, runs: 3, overlap: 'sometimes' });
    expect(scheduler.tasks.has('half')).toBe(false);
    expectNothingStored();
  });
});

describe('add reads options carefully', () => {
  it('ignores inherited properties, even invalid ones', () => {
    const proto = { interval: -1, key: 'inherited', bogus: true };
    const options = Object.create(proto) as TaskOptions;
    options.runs = 1;
    const task = scheduler.add(noop, options);
    expect(task.key).not.toBe('inherited');
    expect(task.interval).toBeUndefined();
    expect(task.runs).toBe(1);
  });

  it('does not mutate the caller’s options nor keep its args array', async () => {
    const args = [1, { deep: true }];
    const firstRun = new Date(T0 + 1_000);
    const options = Object.freeze({ key: 'k', interval: '1s', firstRun, args });
    const snapshot = structuredClone(options);
    const seen: unknown[][] = [];
    const task = scheduler.add((_ctx, ...rest: unknown[]) => seen.push(rest), options);
    expect(structuredClone(options)).toEqual(snapshot);
    args.push(3);
    firstRun.setTime(T0 + 50_000);
    expect(task.args).toEqual([1, { deep: true }]);
    expect(task.firstRun?.getTime()).toBe(T0 + 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual([[1, { deep: true }]]);
  });

  it('treats an option given as undefined as absent', () => {
    const task = scheduler.add(noop, { key: 'u', interval: undefined, overlap: undefined, runs: undefined });
    expect(task.overlap).toBe('skip');
    expect(task.interval).toBeUndefined();
  });

  it('fills in the documented defaults', () => {
    const task = scheduler.add(noop, { interval: 1_000 });
    expect(task.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(task.runType).toBe('ASYNC');
    expect(task.args).toEqual([]);
    expect(task.autoRemove).toBe(false);
    expect(task.overlap).toBe('skip');
    expect(task.timeout).toBeUndefined();
    expect(task.enabled).toBe(true);
    expect(task.runs).toBeUndefined();
    expect(task.firstRun).toBeUndefined();
  });
});

describe('duplicate keys', () => {
  it('throws DuplicateTaskError, keeps the first task untouched and adds no timetable', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const task = scheduler.add(first, { key: 'dup', interval: 1_000 });
    expect(() => scheduler.add(second, { key: 'dup', interval: 10 })).toThrow(DuplicateTaskError);
    try {
      scheduler.add(second, { key: 'dup' });
    } catch (error) {
      expect((error as DuplicateTaskError).key).toBe('dup');
    }
    expect(scheduler.tasks.get('dup')).toBe(task);
    expect(scheduler.tasks.size).toBe(1);
    expect(task.interval).toBe(1_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(first).toHaveBeenCalledTimes(3);
    expect(second).not.toHaveBeenCalled();
  });
});

describe('asyncAdd', () => {
  it('resolves with the registered task', async () => {
    const task = await scheduler.asyncAdd(noop, { key: 'a', interval: 1_000 });
    expect(scheduler.tasks.get('a')).toBe(task);
    expect(task.isActive).toBe(true);
  });

  it('rejects instead of throwing, for every kind of bad input', async () => {
    scheduler.add(noop, { key: 'taken', interval: 1_000 });
    const calls = [
      () => scheduler.asyncAdd(noop, { key: 'x', interval: -1 }),
      () => scheduler.asyncAdd(42 as unknown as TaskSource, { key: 'x' }),
      () => scheduler.asyncAdd(noop, { key: 'x', nope: 1 } as TaskOptions),
      () => scheduler.asyncAdd(noop, { key: 'taken' }),
    ];
    for (const call of calls) {
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = call())).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(SchedulerError);
    }
    await expect(scheduler.asyncAdd(noop, { key: 'taken' })).rejects.toBeInstanceOf(DuplicateTaskError);
    expect([...scheduler.tasks.keys()]).toEqual(['taken']);
  });

  it.each(['THREAD', 'PROCESS'] as const)('refuses runType %s', async (runType) => {
    const promise = scheduler.asyncAdd({ module: 'file:///tmp/job.js' }, { key: 'w', runType });
    await expect(promise).rejects.toBeInstanceOf(InvalidTaskOptionsError);
    await promise.catch((error: unknown) => {
      expect((error as InvalidTaskOptionsError).key).toBe('w');
      expect((error as InvalidTaskOptionsError).option).toBe('runType');
    });
    expectNothingStored();
  });
});
