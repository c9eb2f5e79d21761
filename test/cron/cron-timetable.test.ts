/**
 * CronTimetable on its own: pure queries, no scheduler, no timers. What croner computes is taken as
 * given; these tests pin down how we ask it (strictly after / at-or-after, not-before, no match).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { compileCron } from '../../src/shared/cron.js';
import { CronCache, CronTimetable } from '../../src/scheduler/cron-timetable.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** The first `n` planned times, following the timetable as the scheduler does. */
function plannedTimes(timetable: CronTimetable, n: number): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let next = timetable.first();
  for (let i = 0; i < n && next !== undefined; i += 1) {
    out.push(iso(next));
    next = timetable.nextAfter(next);
  }
  return out;
}

describe('CronTimetable', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads 5 fields as minute-level (seconds fixed at 0)', () => {
    const timetable = new CronTimetable('*/15 * * * *', 'UTC', at('2026-01-01T10:07:30Z'));
    expect(plannedTimes(timetable, 3)).toEqual([
      '2026-01-01T10:15:00.000Z',
      '2026-01-01T10:30:00.000Z',
      '2026-01-01T10:45:00.000Z',
    ]);
  });

  it('reads 6 fields with seconds first', () => {
    const timetable = new CronTimetable('*/20 * * * * *', 'UTC', at('2026-01-01T10:00:05Z'));
    expect(plannedTimes(timetable, 3)).toEqual([
      '2026-01-01T10:00:20.000Z',
      '2026-01-01T10:00:40.000Z',
      '2026-01-01T10:01:00.000Z',
    ]);
  });

  it.each([
    ['@yearly', '2027-01-01T00:00:00.000Z'],
    ['@annually', '2027-01-01T00:00:00.000Z'],
    ['@monthly', '2026-02-01T00:00:00.000Z'],
    // 2026-01-15 is a Thursday: the next Sunday is the 18th.
    ['@weekly', '2026-01-18T00:00:00.000Z'],
    ['@daily', '2026-01-16T00:00:00.000Z'],
    ['@midnight', '2026-01-16T00:00:00.000Z'],
    ['@hourly', '2026-01-15T11:00:00.000Z'],
  ])('understands the nickname %s', (nickname, expected) => {
    const timetable = new CronTimetable(nickname, 'UTC', at('2026-01-15T10:20:00Z'));
    expect(iso(timetable.first())).toBe(expected);
  });

  it('reads the expression in its time zone: one wall time, three instants', () => {
    const start = at('2026-01-15T00:00:00Z');
    const first = (zone: string): string | undefined =>
      iso(new CronTimetable('0 9 * * *', zone, start).first());
    expect(first('UTC')).toBe('2026-01-15T09:00:00.000Z');
    expect(first('Europe/Berlin')).toBe('2026-01-15T08:00:00.000Z'); // CET, UTC+1
    expect(first('America/New_York')).toBe('2026-01-15T14:00:00.000Z'); // EST, UTC-5
    expect(first('Asia/Kolkata')).toBe('2026-01-15T03:30:00.000Z'); // UTC+5:30
  });

  it('counts a match exactly at notBefore (first is at or after it)', () => {
    const timetable = new CronTimetable('0 * * * *', 'UTC', at('2026-01-01T10:00:00Z'));
    expect(iso(timetable.first())).toBe('2026-01-01T10:00:00.000Z');
  });

  it('does not count a match a few ms before notBefore', () => {
    const timetable = new CronTimetable('0 * * * *', 'UTC', at('2026-01-01T10:00:00.250Z'));
    expect(iso(timetable.first())).toBe('2026-01-01T11:00:00.000Z');
  });

  it('nextAfter is strictly after its argument, and never before notBefore', () => {
    const timetable = new CronTimetable('0 * * * *', 'UTC', at('2026-01-01T10:00:00Z'));
    expect(iso(timetable.nextAfter(at('2026-01-01T10:00:00Z')))).toBe('2026-01-01T11:00:00.000Z');
    expect(iso(timetable.nextAfter(at('2026-01-01T10:59:59.999Z')))).toBe('2026-01-01T11:00:00.000Z');
    // Asked about a time before notBefore, it answers with the first run (as IntervalTimetable does).
    expect(iso(timetable.nextAfter(at('2025-12-31T00:00:00Z')))).toBe('2026-01-01T10:00:00.000Z');
  });

  it('coalesces: after a late tick the next planned time is the first match after now', () => {
    const timetable = new CronTimetable('* * * * *', 'UTC', at('2026-01-01T10:00:00Z'));
    // The 10:01 run started 37 minutes late: the 36 matches in between are not planned.
    expect(iso(timetable.nextAfter(at('2026-01-01T10:38:12Z')))).toBe('2026-01-01T10:39:00.000Z');
  });

  it('answers undefined when the expression has no match at all (30 February)', () => {
    const timetable = new CronTimetable('0 0 30 2 *', 'UTC', at('2026-01-01T00:00:00Z'));
    expect(timetable.first()).toBeUndefined();
    expect(timetable.nextAfter(at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('holds no timer: the croner object is a paused calculator', () => {
    vi.useFakeTimers({ now: at('2026-01-01T00:00:00Z') });
    const timetable = new CronTimetable('* * * * * *', 'Europe/Berlin', Date.now());
    timetable.first();
    timetable.nextAfter(Date.now());
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses 7 fields and unknown syntax at compile time (the options layer reports it)', () => {
    expect(() => compileCron('0 0 0 1 1 * 2030')).toThrow(/parts/);
    expect(() => compileCron('61 * * * *')).toThrow();
    expect(() => compileCron('@reboot')).toThrow();
    expect(() => compileCron('0 30 2 * * *')).not.toThrow();
  });
});

describe('CronCache', () => {
  it('compiles an expression once per zone and shares it', () => {
    const cache = new CronCache();
    const berlin = cache.get('0 9 * * *', 'Europe/Berlin');
    expect(cache.get('0 9 * * *', 'Europe/Berlin')).toBe(berlin);
    expect(cache.get('0 9 * * *', 'UTC')).not.toBe(berlin);
    expect(cache.get('0 9 * * *', undefined)).not.toBe(berlin);
    expect(cache.size).toBe(3);
  });

  it('drops the least recently used expression beyond its capacity', () => {
    const cache = new CronCache(2);
    const a = cache.get('1 * * * *', 'UTC');
    const b = cache.get('2 * * * *', 'UTC');
    expect(cache.get('1 * * * *', 'UTC')).toBe(a); // a is now the most recently used
    cache.get('3 * * * *', 'UTC'); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.get('1 * * * *', 'UTC')).toBe(a);
    expect(cache.get('2 * * * *', 'UTC')).not.toBe(b);
  });

  it('gives timetables that share a croner object independent answers', () => {
    const cache = new CronCache();
    const early = new CronTimetable('0 * * * *', 'UTC', at('2026-01-01T00:30:00Z'), cache);
    const late = new CronTimetable('0 * * * *', 'UTC', at('2026-06-01T00:30:00Z'), cache);
    expect(cache.size).toBe(1);
    expect(iso(early.first())).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(late.first())).toBe('2026-06-01T01:00:00.000Z');
    expect(iso(early.nextAfter(at('2026-01-01T01:00:00Z')))).toBe('2026-01-01T02:00:00.000Z');
  });
});
