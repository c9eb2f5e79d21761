/**
 * Options resolution (src/options): one rule per option, own properties only, defaults filled in,
 * combination checks, and edits validated by the same rules.
 */
import { describe, expect, it } from 'vitest';

import { InvalidTaskOptionsError } from '../../src/index.js';
import { editOption, normalizeOptions, ownOptions } from '../../src/options/normalize.js';
import { OPTION_NAMES } from '../../src/options/rules.js';

function thrown(action: () => unknown): InvalidTaskOptionsError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    return error as InvalidTaskOptionsError;
  }
  throw new Error('expected InvalidTaskOptionsError');
}

describe('normalizeOptions', () => {
  it('resolves durations to ms, firstRun to a ms epoch and freezes a copy of args', () => {
    const firstRun = new Date(1_000);
    const args = [1];
    const resolved = normalizeOptions({ key: 'k', interval: '2s', timeout: 500, firstRun, args });
    expect(resolved.interval).toBe(2_000);
    expect(resolved.timeout).toBe(500);
    expect(resolved.firstRun).toBe(firstRun.getTime());
    expect(resolved.args).toEqual([1]);
    expect(resolved.args).not.toBe(args);
    expect(Object.isFrozen(resolved.args)).toBe(true);
  });

  it('keeps a ms epoch firstRun as it is', () => {
    expect(normalizeOptions({ firstRun: 5_000 }).firstRun).toBe(5_000);
  });

  it('uses the default key it is given (decorated methods) when no key is set', () => {
    expect(normalizeOptions({}, 'Report.rollup').key).toBe('Report.rollup');
    expect(normalizeOptions({ key: 'mine' }, 'Report.rollup').key).toBe('mine');
  });

  it('gives each task a fresh uuid v4 key', () => {
    const a = normalizeOptions(undefined).key;
    const b = normalizeOptions(undefined).key;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });

  it('accepts runs: 1 on a one-shot task and large safe integers', () => {
    expect(normalizeOptions({ runs: 1 }).runs).toBe(1);
    expect(normalizeOptions({ runs: 2 ** 40, interval: 1 }).runs).toBe(2 ** 40);
    expect(thrown(() => normalizeOptions({ runs: 2 ** 60, interval: 1 })).option).toBe('runs');
  });

  it('refuses a duration too large for Date arithmetic', () => {
    expect(thrown(() => normalizeOptions({ key: 'k', interval: 1e16 })).option).toBe('interval');
  });

  it('refuses structured-uncloneable args for THREAD and PROCESS, accepts them for ASYNC', () => {
    const args = [() => {}];
    expect(normalizeOptions({ args }).args).toHaveLength(1);
    const error = thrown(() => normalizeOptions({ key: 'w', runType: 'THREAD', args }));
    expect(error.key).toBe('w');
    expect(error.option).toBe('args');
  });

  it('validates a timezone only together with cron', () => {
    expect(normalizeOptions({ cron: '0 * * * *', timezone: 'Europe/Berlin' }).timezone).toBe('Europe/Berlin');
    expect(thrown(() => normalizeOptions({ cron: '0 * * * *', timezone: 'Mars/Base' })).option).toBe(
      'timezone',
    );
  });
});

describe('ownOptions', () => {
  it('reads own enumerable string keys only', () => {
    const raw = Object.create({ inherited: 1 }) as Record<string | symbol, unknown>;
    raw.interval = 5;
    raw[Symbol('meta')] = 'ignored';
    Object.defineProperty(raw, 'hidden', { value: 1, enumerable: false });
    expect(ownOptions(raw, 'k')).toEqual({ interval: 5 });
  });

  it('accepts extra option names a caller allows (the decorator’s module)', () => {
    expect(ownOptions({ module: 'x' }, 'k', ['module'])).toEqual({ module: 'x' });
    expect(thrown(() => ownOptions({ module: 'x' }, 'k')).option).toBe('module');
  });

  it('knows exactly the options of SPEC', () => {
    expect([...OPTION_NAMES].sort()).toEqual(
      [
        'interval',
        'cron',
        'timezone',
        'firstRun',
        'runs',
        'key',
        'runType',
        'args',
        'autoRemove',
        'overlap',
        'timeout',
        'enabled',
      ].sort(),
    );
  });
});

describe('editOption', () => {
  it('replaces one option, validated like add, leaving the original untouched', () => {
    const original = normalizeOptions({ key: 'e', interval: 1_000 });
    const edited = editOption(original, 'interval', '5s');
    expect(edited.interval).toBe(5_000);
    expect(original.interval).toBe(1_000);
    const error = thrown(() => editOption(original, 'runs', 0));
    expect(error.key).toBe('e');
    expect(error.option).toBe('runs');
  });

  it('checks combinations after the edit', () => {
    const original = normalizeOptions({ key: 'e', interval: 1_000 });
    expect(thrown(() => editOption(original, 'cron', '* * * * *')).key).toBe('e');
    const oneShot = editOption(original, 'interval', undefined);
    expect(oneShot.interval).toBeUndefined();
  });
});
