/**
 * Daylight-saving transitions, on fixed dates, driven by fake timers through the real scheduler.
 *
 * 2026 transitions used here (all instants in UTC):
 * - America/New_York springs forward on 8 March: 02:00 EST (07:00Z) becomes 03:00 EDT, so 02:00–02:59
 *   does not exist; it falls back on 1 November: 02:00 EDT (06:00Z) becomes 01:00 EST, so 01:00–01:59
 *   happens twice (05:00Z–05:59Z EDT, then 06:00Z–06:59Z EST).
 * - Europe/Berlin springs forward on 29 March: 02:00 CET (01:00Z) becomes 03:00 CEST; it falls back on
 *   25 October: 03:00 CEST (01:00Z) becomes 02:00 CET, so 02:00–02:59 happens twice (00:00Z–00:59Z
 *   CEST, then 01:00Z–01:59Z CET).
 *
 * The rules: a time of day that does not exist runs once, at the first valid time after the gap (the
 * wall clock reads 03:00); a time of day that happens twice runs once, at its first occurrence.
 * Expressions with `*` or a step in the time fields follow elapsed time (see the hourly tests).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { advanceTo, closeAndCheck, recordRuns } from './helpers.js';

/** Local wall time of an ISO instant in a zone, for readable failure messages. */
function wall(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'long',
  }).format(new Date(iso));
}

describe('cron across DST transitions', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('a time that does not exist on the spring-forward day runs once, at the shifted time', () => {
    it('America/New_York, 02:30 daily on 8 March 2026 runs at 03:00 EDT', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-07T12:00:00Z') });
      const zone = 'America/New_York';
      const { scheduler, planned } = recordRuns({ key: 'ny-spring', cron: '30 2 * * *', timezone: zone });
      await advanceTo('2026-03-09T12:00:00Z');
      expect(planned).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
      expect(planned.map((iso) => wall(iso, zone))).toEqual([
        '08/03/2026, 03:00:00 GMT-4',
        '09/03/2026, 02:30:00 GMT-4',
      ]);
      await closeAndCheck(scheduler);
    });

    it('Europe/Berlin, 02:30 daily on 29 March 2026 runs at 03:00 CEST (6 fields too)', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-28T12:00:00Z') });
      const zone = 'Europe/Berlin';
      const { scheduler, planned, task } = recordRuns({
        key: 'ber-spring',
        cron: '0 30 2 * * *',
        timezone: zone,
      });
      expect(task.nextRunAt?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
      await advanceTo('2026-03-30T12:00:00Z');
      expect(planned).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
      expect(planned.map((iso) => wall(iso, zone))).toEqual([
        '29/03/2026, 03:00:00 CEST',
        '30/03/2026, 02:30:00 CEST',
      ]);
      await closeAndCheck(scheduler);
    });

    it('applies to each time of a list as well (02:30 and 14:30 in New York)', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-08T05:00:00Z') });
      const { scheduler, planned } = recordRuns({
        key: 'ny-list',
        cron: '30 2,14 * * *',
        timezone: 'America/New_York',
      });
      await advanceTo('2026-03-09T05:00:00Z');
      expect(planned).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-08T18:30:00.000Z']);
      await closeAndCheck(scheduler);
    });
  });

  describe('a time that occurs twice on the fall-back day runs once, at its first occurrence', () => {
    it('America/New_York, 01:30 daily on 1 November 2026 runs at 01:30 EDT only', async () => {
      vi.useFakeTimers({ now: new Date('2026-10-31T12:00:00Z') });
      const zone = 'America/New_York';
      const { scheduler, planned } = recordRuns({ key: 'ny-fall', cron: '30 1 * * *', timezone: zone });
      await advanceTo('2026-11-02T12:00:00Z');
      // Not 06:30Z (01:30 EST, the second 01:30 of that night).
      expect(planned).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
      expect(planned.map((iso) => wall(iso, zone))).toEqual([
        '01/11/2026, 01:30:00 GMT-4',
        '02/11/2026, 01:30:00 GMT-5',
      ]);
      await closeAndCheck(scheduler);
    });

    it('Europe/Berlin, 02:30 daily on 25 October 2026 runs at 02:30 CEST only', async () => {
      vi.useFakeTimers({ now: new Date('2026-10-24T12:00:00Z') });
      const zone = 'Europe/Berlin';
      const { scheduler, planned } = recordRuns({ key: 'ber-fall', cron: '30 2 * * *', timezone: zone });
      await advanceTo('2026-10-26T12:00:00Z');
      expect(planned).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
      expect(planned.map((iso) => wall(iso, zone))).toEqual([
        '25/10/2026, 02:30:00 CEST',
        '26/10/2026, 02:30:00 CET',
      ]);
      await closeAndCheck(scheduler);
    });

    it('applies to each time of a list as well (01:30 and 02:30 in New York)', async () => {
      vi.useFakeTimers({ now: new Date('2026-11-01T04:00:00Z') });
      const { scheduler, planned } = recordRuns({
        key: 'ny-list-fall',
        cron: '30 1,2 * * *',
        timezone: 'America/New_York',
      });
      await advanceTo('2026-11-01T12:00:00Z');
      // 01:30 EDT, then 02:30 EST; the second 01:30 (EST, 06:30Z) is not a run.
      expect(planned).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T07:30:00.000Z']);
      await closeAndCheck(scheduler);
    });

    it('does not run the repeated time again when restarted during its second occurrence', async () => {
      vi.useFakeTimers({ now: new Date('2026-11-01T05:00:00Z') });
      const { scheduler, planned, task } = recordRuns({
        key: 'ny-restart',
        cron: '30 1 * * *',
        timezone: 'America/New_York',
      });
      await advanceTo('2026-11-01T05:45:00Z'); // 01:45 EDT: the first 01:30 has run
      scheduler.stop('ny-restart');
      await advanceTo('2026-11-01T06:15:00Z'); // 01:15 EST: the wall clock reads 01:30 again soon
      scheduler.restart('ny-restart');
      expect(task.nextRunAt?.toISOString()).toBe('2026-11-02T06:30:00.000Z');
      await advanceTo('2026-11-01T07:00:00Z');
      expect(planned).toEqual(['2026-11-01T05:30:00.000Z']);
      await closeAndCheck(scheduler);
    });
  });

  describe('hourly jobs follow elapsed time', () => {
    it('run every real hour through the New York spring-forward night: 23 runs that local day', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-08T05:00:00Z') }); // 00:00 EST
      const zone = 'America/New_York';
      const { scheduler, planned } = recordRuns({ key: 'ny-hourly-spring', cron: '@hourly', timezone: zone });
      await advanceTo('2026-03-09T03:59:00Z'); // 23:59 EDT, still 8 March
      expect(planned).toHaveLength(23);
      // 01:00 EST and then 03:00 EDT: one real hour apart, 02:00 never shows on the wall clock.
      expect(planned.slice(1, 3)).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
      expect(planned.map((iso) => wall(iso, zone)).filter((w) => w.includes(' 02:'))).toEqual([]);
      const gaps = planned.slice(1).map((iso, i) => Date.parse(iso) - Date.parse(planned[i] ?? ''));
      expect(new Set(gaps)).toEqual(new Set([3_600_000]));
      await closeAndCheck(scheduler);
    });

    it('run every real hour through the Berlin fall-back night: 25 runs that local day, 02:00 twice', async () => {
      vi.useFakeTimers({ now: new Date('2026-10-24T22:00:00Z') }); // 00:00 CEST on 25 October
      const zone = 'Europe/Berlin';
      const { scheduler, planned } = recordRuns({
        key: 'ber-hourly-fall',
        cron: '0 * * * *',
        timezone: zone,
      });
      await advanceTo('2026-10-25T22:59:00Z'); // 23:59 CET, still 25 October
      expect(planned).toHaveLength(25);
      expect(planned.map((iso) => wall(iso, zone)).filter((w) => w.includes(' 02:00'))).toEqual([
        '25/10/2026, 02:00:00 CEST',
        '25/10/2026, 02:00:00 CET',
      ]);
      const gaps = planned.slice(1).map((iso, i) => Date.parse(iso) - Date.parse(planned[i] ?? ''));
      expect(new Set(gaps)).toEqual(new Set([3_600_000]));
      await closeAndCheck(scheduler);
    });
  });

  describe('without timezone', () => {
    const savedTz = process.env.TZ;
    afterEach(() => {
      // Node re-reads TZ when it changes, so the rest of this file sees the original zone again.
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    });

    it('reads the expression in the process zone (TZ), DST rules included', async () => {
      process.env.TZ = 'Europe/Berlin';
      vi.useFakeTimers({ now: new Date('2026-03-28T12:00:00Z') });
      const { scheduler, planned } = recordRuns({ key: 'local', cron: '30 2 * * *' });
      await advanceTo('2026-03-30T12:00:00Z');
      expect(planned).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
      await closeAndCheck(scheduler);
    });
  });
});
