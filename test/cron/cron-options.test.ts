/**
 * `cron` and `timezone` are validated at `add` (and on edits), through the same rules: a bad value is an
 * InvalidTaskOptionsError naming the key and the option, carrying croner's (or Intl's) reason, and
 * nothing is stored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { InvalidTaskOptionsError, Scheduler, type TaskOptions } from '../../src/index.js';

function addError(scheduler: Scheduler, options: TaskOptions): InvalidTaskOptionsError {
  try {
    scheduler.add(() => undefined, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    return error as InvalidTaskOptionsError;
  }
  throw new Error('add did not throw');
}

describe('cron and timezone options', () => {
  let scheduler: Scheduler;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-15T10:00:00Z') });
    scheduler = new Scheduler();
  });
  afterEach(async () => {
    await scheduler.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });

  it.each([
    ['a sentence', 'every minute'],
    ['a minute out of range', '61 * * * *'],
    ['too few fields', '* * * *'],
    ['seven fields (years are not part of the contract)', '0 0 0 1 1 * 2030'],
    ['an unsupported nickname', '@reboot'],
    ['a step without a start', '/5 * * * *'],
  ])('refuses %s at add, with croner’s reason, storing nothing', (_what, cron) => {
    const error = addError(scheduler, { key: 'bad', cron });
    expect(error.key).toBe('bad');
    expect(error.option).toBe('cron');
    expect(error.value).toBe(cron);
    // croner's reason is both the cause and part of the message.
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain((error.cause as Error).message);
    expect(scheduler.tasks.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([[''], ['   '], [42], [null]])('refuses a cron value that is not an expression: %j', (cron) => {
    const error = addError(scheduler, { key: 'bad', cron: cron as string });
    expect(error.key).toBe('bad');
    expect(error.option).toBe('cron');
  });

  it('refuses an unknown time zone, with Intl’s reason', () => {
    const error = addError(scheduler, { key: 'mars', cron: '0 9 * * *', timezone: 'Mars/Olympus_Mons' });
    expect(error.key).toBe('mars');
    expect(error.option).toBe('timezone');
    expect(error.value).toBe('Mars/Olympus_Mons');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain((error.cause as Error).message);
    expect(scheduler.tasks.size).toBe(0);
  });

  it('refuses a time zone that is not a string', () => {
    const error = addError(scheduler, { key: 'tz', cron: '0 9 * * *', timezone: 1 as unknown as string });
    expect(error.option).toBe('timezone');
  });

  it('refuses interval and cron together', () => {
    const error = addError(scheduler, { key: 'both', cron: '* * * * *', interval: '1m' });
    expect(error.key).toBe('both');
    expect(error.option).toBe('cron');
    expect(scheduler.tasks.size).toBe(0);
  });

  it('refuses a time zone without cron (it would mean nothing)', () => {
    const error = addError(scheduler, { key: 'tz-only', interval: '1m', timezone: 'Europe/Berlin' });
    expect(error.key).toBe('tz-only');
    expect(error.option).toBe('timezone');
  });

  it('rejects through asyncAdd with the same error', async () => {
    const rejected = scheduler.asyncAdd(() => undefined, { key: 'async', cron: 'nope' });
    await expect(rejected).rejects.toBeInstanceOf(InvalidTaskOptionsError);
    await expect(rejected).rejects.toMatchObject({ key: 'async', option: 'cron' });
    expect(scheduler.tasks.size).toBe(0);
  });

  it('validates edits of a stopped task by the same rules', () => {
    const task = scheduler.add(() => undefined, { key: 'edit', interval: '1m', enabled: false });
    expect(() => {
      task.cron = '* * * * *';
    }).toThrow(expect.objectContaining({ key: 'edit', option: 'cron' }) as Error);
    task.interval = undefined;
    expect(() => {
      task.cron = '99 * * * *';
    }).toThrow(InvalidTaskOptionsError);
    task.cron = '*/5 * * * *';
    expect(() => {
      task.timezone = 'Nowhere/Land';
    }).toThrow(expect.objectContaining({ key: 'edit', option: 'timezone' }) as Error);
    task.timezone = 'Asia/Tokyo';
    expect(task.cron).toBe('*/5 * * * *');
    expect(task.timezone).toBe('Asia/Tokyo');
  });

  it('accepts 5 and 6 fields, nicknames, and trims the expression', () => {
    const noop = (): void => undefined;
    expect(scheduler.add(noop, { key: 'five', cron: '0 9 * * MON-FRI' }).cron).toBe('0 9 * * MON-FRI');
    expect(scheduler.add(noop, { key: 'six', cron: '*/2 * * * * *' }).cron).toBe('*/2 * * * * *');
    expect(scheduler.add(noop, { key: 'nick', cron: '@weekly' }).cron).toBe('@weekly');
    expect(scheduler.add(noop, { key: 'trim', cron: '  0 0 * * *  ' }).cron).toBe('0 0 * * *');
    expect(scheduler.tasks.size).toBe(4);
  });
});
