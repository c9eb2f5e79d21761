/**
 * The error module (SPEC "Errors"): one hierarchy under SchedulerError, structured fields that callers
 * can rely on instead of text, and messages that name the task key.
 */
import { describe, expect, it } from 'vitest';

import * as api from '../src/index.js';
import * as redisApi from '../src/redis.js';
import {
  CoordinatorInUseError,
  CoordinatorUnavailableError,
  DuplicateTaskError,
  InvalidCoordinatorOptionsError,
  InvalidOverridesError,
  InvalidSettingsError,
  InvalidTaskOptionsError,
  InvalidWorkerSettingsError,
  MisplacedDecoratorError,
  SchedulerClosedError,
  SchedulerError,
  TaskActiveError,
  TaskNotFoundError,
  TaskTimeoutError,
  UnknownOverrideError,
  WorkerCrashedError,
} from '../src/index.js';
import { describeValue } from '../src/errors.js';

const KEYED: readonly (readonly [string, () => SchedulerError])[] = [
  ['InvalidTaskOptionsError', () => InvalidTaskOptionsError.expected('job', 'interval', 'a duration', -1)],
  ['DuplicateTaskError', () => new DuplicateTaskError('job')],
  ['TaskNotFoundError', () => new TaskNotFoundError('job')],
  ['TaskActiveError', () => new TaskActiveError('job', 'interval')],
  ['TaskTimeoutError', () => new TaskTimeoutError('job', 250)],
  ['WorkerCrashedError', () => new WorkerCrashedError('job', 'exit code 1')],
  ['SchedulerClosedError', () => new SchedulerClosedError('job')],
  ['UnknownOverrideError', () => new UnknownOverrideError('job', ['a', 'b'])],
];

describe('error classes', () => {
  it.each(KEYED)(
    '%s is a SchedulerError and an Error, with its name, key and a message naming the key',
    (name, make) => {
      const error = make();
      expect(error).toBeInstanceOf(SchedulerError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.key).toBe('job');
      expect(error.message).toContain('"job"');
      expect(error.stack).toContain(name);
    },
  );

  it('exports every error class from the package entry', () => {
    for (const [name] of KEYED) expect(api).toHaveProperty(name);
    expect(api.SchedulerError).toBe(SchedulerError);
  });

  it('InvalidTaskOptionsError carries option and value, and names the option in its message', () => {
    const error = InvalidTaskOptionsError.expected('job', 'runs', 'an integer ≥ 1', 1.5);
    expect(error.option).toBe('runs');
    expect(error.value).toBe(1.5);
    expect(error.message).toMatch(/options\.runs/);
    const fn = new InvalidTaskOptionsError('job', 'fn', 42, 'must be a function');
    expect(fn.option).toBe('fn');
    expect(fn.message).not.toMatch(/options\.fn/);
    const conflict = InvalidTaskOptionsError.conflict('job', 'cron', 'interval', '* * * * *');
    expect(conflict.option).toBe('cron');
    expect(conflict.message).toMatch(/options\.interval/);
  });

  it('keeps the cause it is given', () => {
    const cause = new Error('croner said no');
    const error = new InvalidTaskOptionsError('job', 'cron', 'x', 'is not valid', { cause });
    expect(error.cause).toBe(cause);
  });

  it('DuplicateTaskError names both owners when known', () => {
    const error = new DuplicateTaskError('Report.rollup', ['ReportA', 'ReportB']);
    expect(error.owners).toEqual(['ReportA', 'ReportB']);
    expect(error.message).toContain('ReportA');
    expect(error.message).toContain('ReportB');
    expect(new DuplicateTaskError('k').owners).toEqual([]);
  });

  it('TaskActiveError and TaskTimeoutError carry their option and timeout', () => {
    expect(new TaskActiveError('job', 'runs').option).toBe('runs');
    expect(new TaskTimeoutError('job', 1_500).timeout).toBe(1_500);
  });

  it('scheduler-wide errors have no key', () => {
    expect(new SchedulerClosedError().key).toBeUndefined();
    expect(new CoordinatorUnavailableError('down').key).toBeUndefined();
    expect(
      InvalidWorkerSettingsError.expected('workers.threads.max', 'an integer ≥ 1', 0).key,
    ).toBeUndefined();
    expect(new CoordinatorInUseError().key).toBeUndefined();
  });

  it('InvalidTaskOptionsError names an unknown option with the known ones, and keeps what reading threw', () => {
    const unknown = InvalidTaskOptionsError.unknown('job', 'intervall', 5, ['interval', 'cron']);
    expect(unknown.message).toBe('Task "job": options.intervall is not an option (known: interval, cron)');
    const cause = new TypeError('trap');
    const unreadable = InvalidTaskOptionsError.unreadable('job', 'options', cause);
    expect(unreadable.message).toBe('Task "job": the options could not be read (TypeError: trap)');
    expect(unreadable.cause).toBe(cause);
    expect(unreadable.value).toBeUndefined();
  });

  it('MisplacedDecoratorError says where the decorator was put', () => {
    const error = new MisplacedDecoratorError('Cache.size', 'it decorates methods, not getters');
    expect(error).toBeInstanceOf(SchedulerError);
    expect(error.name).toBe('MisplacedDecoratorError');
    expect(error.place).toBe('Cache.size');
    expect(error.message).toMatch(/^@Scheduled on Cache\.size: /);
  });
});

describe('settings errors', () => {
  const SETTINGS: readonly (readonly [string, typeof InvalidSettingsError])[] = [
    ['InvalidSettingsError', InvalidSettingsError],
    ['InvalidWorkerSettingsError', InvalidWorkerSettingsError],
    ['InvalidOverridesError', InvalidOverridesError],
    ['InvalidCoordinatorOptionsError', InvalidCoordinatorOptionsError],
  ];

  it.each(SETTINGS)('%s is an InvalidSettingsError whose message starts with the path', (name, type) => {
    const expected = type.expected('a.b', 'a boolean', 1);
    expect(expected).toBeInstanceOf(type);
    expect(expected).toBeInstanceOf(InvalidSettingsError);
    expect(expected).toBeInstanceOf(SchedulerError);
    expect(expected.name).toBe(name);
    expect(expected.option).toBe('a.b');
    expect(expected.value).toBe(1);
    expect(expected.key).toBeUndefined();
    expect(expected.message).toBe('a.b must be a boolean, got 1 (number)');
    const unknown = type.unknown('a.c', 5, ['b', 'd']);
    expect(unknown).toBeInstanceOf(type);
    expect(unknown.message).toBe('a.c is not a setting (known: b, d)');
    const cause = new Error('getter');
    const unreadable = type.unreadable('a.b', cause);
    expect(unreadable).toBeInstanceOf(type);
    expect(unreadable.cause).toBe(cause);
    expect(unreadable.message).toBe('a.b could not be read (Error: getter)');
  });

  it('are exported, the coordinator ones from crontainer/redis too', () => {
    for (const [name] of SETTINGS) expect(api).toHaveProperty(name);
    expect(api).toHaveProperty('MisplacedDecoratorError');
    expect(api).toHaveProperty('CoordinatorInUseError');
    expect(redisApi.InvalidCoordinatorOptionsError).toBe(InvalidCoordinatorOptionsError);
    expect(redisApi.CoordinatorInUseError).toBe(CoordinatorInUseError);
  });
});

describe('describeValue', () => {
  it.each([
    [-1, '-1 (number)'],
    [Number.NaN, 'NaN (number)'],
    ['5x', '"5x" (string)'],
    [new Date(Number.NaN), 'Invalid Date (Date)'],
    [new Date(0), '1970-01-01T00:00:00.000Z (Date)'],
    [null, 'null'],
    [undefined, 'undefined (undefined)'],
    [[1, 2], 'an array of 2'],
    [() => {}, 'a function'],
    [{}, 'an object'],
  ])('describes %o as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('never throws, whatever the value', () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(describeValue(proxy)).toBe('an object');
    expect(describeValue(new Proxy(new Date(0), {}))).toBe('an object');
    const throwing = new Proxy([], {
      get: () => {
        throw new Error('trap');
      },
    });
    expect(describeValue(throwing)).toBe('an object');
  });
});
