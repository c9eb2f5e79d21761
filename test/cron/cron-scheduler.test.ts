/**
 * Cron tasks in the one-timer core, with vitest's fake timers driving the default clock. Every test
 * starts at a fixed instant and ends with close + a zero-live-timers check.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Scheduler, type Task } from '../../src/index.js';
import { advanceTo, closeAndCheck, recordRuns } from './helpers.js';

const T0 = '2026-01-15T10:00:00.000Z';

describe('cron tasks in the scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(T0) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a 5-field expression at its matches and reports the planned time', async () => {
    const { scheduler, planned, started } = recordRuns({
      key: 'quarter',
      cron: '*/15 * * * *',
      timezone: 'UTC',
    });
    await advanceTo('2026-01-15T10:50:00Z');
    // 10:00 itself matches and is not before the start: "at or after now".
    expect(planned).toEqual([
      '2026-01-15T10:00:00.000Z',
      '2026-01-15T10:15:00.000Z',
      '2026-01-15T10:30:00.000Z',
      '2026-01-15T10:45:00.000Z',
    ]);
    expect(started).toEqual(planned);
    await closeAndCheck(scheduler);
  });

  it('runs a 6-field expression with seconds', async () => {
    const { scheduler, planned } = recordRuns({ key: 'secs', cron: '*/2 * * * * *' });
    await advanceTo('2026-01-15T10:00:07Z');
    expect(planned).toEqual([
      '2026-01-15T10:00:00.000Z',
      '2026-01-15T10:00:02.000Z',
      '2026-01-15T10:00:04.000Z',
      '2026-01-15T10:00:06.000Z',
    ]);
    await closeAndCheck(scheduler);
  });

  it('runs a nickname (@hourly)', async () => {
    vi.setSystemTime(new Date('2026-01-15T10:20:00Z'));
    const { scheduler, planned } = recordRuns({ key: 'hourly', cron: '@hourly', timezone: 'UTC' });
    await advanceTo('2026-01-15T13:30:00Z');
    expect(planned).toEqual([
      '2026-01-15T11:00:00.000Z',
      '2026-01-15T12:00:00.000Z',
      '2026-01-15T13:00:00.000Z',
    ]);
    await closeAndCheck(scheduler);
  });

  it('plans the same wall time at different instants in different zones', async () => {
    const scheduler = new Scheduler();
    const noop = (): void => undefined;
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'] as const;
    const tasks = zones.map((timezone) =>
      scheduler.add(noop, { key: timezone, cron: '0 9 * * *', timezone }),
    );
    expect(tasks.map((task) => task.nextRunAt?.toISOString())).toEqual([
      '2026-01-16T09:00:00.000Z', // 09:00Z on the 15th has passed at 10:00Z
      '2026-01-16T08:00:00.000Z', // 09:00 CET (UTC+1) on the 15th has passed too
      '2026-01-15T14:00:00.000Z',
      '2026-01-16T00:00:00.000Z',
    ]);
    await closeAndCheck(scheduler);
  });

  it('keeps nextRunAt right before, between and after runs', async () => {
    const { scheduler, task } = recordRuns({ key: 'next', cron: '30 * * * *', timezone: 'UTC' });
    expect(task.nextRunAt?.toISOString()).toBe('2026-01-15T10:30:00.000Z');
    await advanceTo('2026-01-15T10:30:00Z');
    expect(task.runCount).toBe(1);
    expect(task.lastRunAt?.toISOString()).toBe('2026-01-15T10:30:00.000Z');
    expect(task.nextRunAt?.toISOString()).toBe('2026-01-15T11:30:00.000Z');
    scheduler.stop('next');
    expect(task.nextRunAt).toBeUndefined();
    await closeAndCheck(scheduler);
  });

  describe('firstRun means "not before"', () => {
    it('starts at the first match at or after a future firstRun, not at firstRun itself', async () => {
      const { scheduler, task, planned } = recordRuns({
        key: 'later',
        cron: '*/15 * * * *',
        timezone: 'UTC',
        firstRun: new Date('2026-01-15T11:07:30Z'),
      });
      expect(task.nextRunAt?.toISOString()).toBe('2026-01-15T11:15:00.000Z');
      await advanceTo('2026-01-15T11:40:00Z');
      expect(planned).toEqual(['2026-01-15T11:15:00.000Z', '2026-01-15T11:30:00.000Z']);
      await closeAndCheck(scheduler);
    });

    it('includes a match exactly at firstRun', () => {
      const { scheduler, task } = recordRuns({
        key: 'exact',
        cron: '0 12 * * *',
        timezone: 'UTC',
        firstRun: Date.parse('2026-01-20T12:00:00Z'),
      });
      expect(task.nextRunAt?.toISOString()).toBe('2026-01-20T12:00:00.000Z');
      return closeAndCheck(scheduler);
    });

    it('ignores a past firstRun: no catch-up run at add, the next match is the first run', async () => {
      const { scheduler, task, planned } = recordRuns({
        key: 'past',
        cron: '0 * * * *',
        timezone: 'UTC',
        firstRun: new Date('2026-01-01T00:00:00Z'),
      });
      // 10:00 is now, so it is "at or after" both firstRun and now: it runs at once, and only it.
      expect(task.nextRunAt?.toISOString()).toBe(T0);
      await vi.advanceTimersByTimeAsync(1);
      expect(planned).toEqual([T0]);
      await closeAndCheck(scheduler);
    });
  });

  it('completes after `runs` and is removed with autoRemove', async () => {
    const scheduler = new Scheduler();
    const completed: string[] = [];
    const removed: string[] = [];
    scheduler.on('taskComplete', (task) => completed.push(task.key));
    scheduler.on('taskRemove', (task) => removed.push(task.key));
    const keep = scheduler.add(() => undefined, { key: 'keep', cron: '* * * * * *', runs: 3 });
    scheduler.add(() => undefined, { key: 'drop', cron: '* * * * * *', runs: 2, autoRemove: true });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(keep.runCount).toBe(3);
    expect(keep.status).toBe('completed');
    expect(keep.nextRunAt).toBeUndefined();
    expect(completed).toEqual(['drop', 'keep']);
    expect(removed).toEqual(['drop']);
    expect([...scheduler.tasks.keys()]).toEqual(['keep']);
    await closeAndCheck(scheduler);
  });

  it('completes a task whose expression has no future match (30 February)', async () => {
    const scheduler = new Scheduler();
    const completed: string[] = [];
    scheduler.on('taskComplete', (task) => completed.push(task.key));
    const task = scheduler.add(() => undefined, { key: 'never', cron: '0 0 30 2 *' });
    expect(task.status).toBe('completed');
    expect(task.isActive).toBe(false);
    expect(task.nextRunAt).toBeUndefined();
    expect(task.runCount).toBe(0);
    expect(completed).toEqual(['never']);
    // Not a one-shot task: it stays in `tasks` (as an interval task would) unless autoRemove.
    expect(scheduler.tasks.has('never')).toBe(true);
    await closeAndCheck(scheduler);
  });

  describe('coalescing', () => {
    it('runs a tick missed while the loop was blocked once, late, then goes back to the schedule', async () => {
      let blocked = false;
      const { scheduler, task, planned, started } = recordRuns(
        { key: 'blocked', cron: '* * * * * *' },
        () => {
          // The second run blocks the event loop for 10.5 s (simulated: the wall clock jumps while
          // nothing else can run), so ten planned ticks pass unseen.
          if (!blocked && planned.length === 2) {
            blocked = true;
            vi.setSystemTime(Date.now() + 10_500);
          }
        },
      );
      // 3.5 s of timers, but the wall clock also jumped 10.5 s: it ends at 10:00:14.
      await vi.advanceTimersByTimeAsync(3_500);
      expect(planned).toEqual([
        '2026-01-15T10:00:00.000Z',
        '2026-01-15T10:00:01.000Z',
        '2026-01-15T10:00:02.000Z', // once, late: 10:00:03 to 10:00:12 never run
        '2026-01-15T10:00:13.000Z',
        '2026-01-15T10:00:14.000Z',
      ]);
      expect(started[2]).toBe('2026-01-15T10:00:12.500Z');
      expect(task.runCount).toBe(5);
      await closeAndCheck(scheduler);
    });

    it('runs once after the clock jumps a day ahead (suspended machine), not once per missed match', async () => {
      const { scheduler, task, planned } = recordRuns({ key: 'sleep', cron: '0 * * * *', timezone: 'UTC' });
      await advanceTo('2026-01-15T10:30:00Z');
      expect(planned).toHaveLength(1);
      vi.setSystemTime(new Date('2026-01-16T10:30:00Z'));
      // The one timer re-checks the clock within 30 s.
      await vi.advanceTimersByTimeAsync(30_000);
      expect(planned).toEqual([T0, '2026-01-15T11:00:00.000Z']);
      expect(task.nextRunAt?.toISOString()).toBe('2026-01-16T11:00:00.000Z');
      await closeAndCheck(scheduler);
    });
  });

  it('skips a tick that comes while the previous run is still going (overlap: skip)', async () => {
    const scheduler = new Scheduler();
    const skipped: string[] = [];
    scheduler.on('taskSkip', (_task, skip) => skipped.push(skip.scheduledAt.toISOString()));
    const task = scheduler.add(() => new Promise<void>((resolve) => setTimeout(resolve, 2_500)), {
      key: 'slow',
      cron: '* * * * * *',
      runs: 2,
    });
    await vi.advanceTimersByTimeAsync(6_000);
    // Run 1 (10:00:00) lasts until 10:00:02.5: the ticks at :01 and :02 are skipped, :03 is run 2.
    expect(skipped).toEqual(['2026-01-15T10:00:01.000Z', '2026-01-15T10:00:02.000Z']);
    expect(task.runCount).toBe(2);
    expect(task.lastRunAt?.toISOString()).toBe('2026-01-15T10:00:03.000Z');
    expect(task.status).toBe('completed');
    await closeAndCheck(scheduler);
  });

  describe('restart', () => {
    it('restarts a stopped cron task at the next match after the restart', async () => {
      const { scheduler, task, planned } = recordRuns({ key: 'again', cron: '0 * * * *', timezone: 'UTC' });
      await advanceTo('2026-01-15T10:30:00Z');
      scheduler.stop('again');
      await advanceTo('2026-01-15T13:30:00Z');
      expect(planned).toEqual([T0]);
      const restarted = scheduler.restart('again');
      expect(restarted).toBe(task);
      expect(task.isActive).toBe(true);
      expect(task.runCount).toBe(0);
      expect(task.nextRunAt?.toISOString()).toBe('2026-01-15T14:00:00.000Z');
      await advanceTo('2026-01-15T15:30:00Z');
      expect(planned).toEqual([T0, '2026-01-15T14:00:00.000Z', '2026-01-15T15:00:00.000Z']);
      await closeAndCheck(scheduler);
    });

    it('applies edits made while stopped: new expression, zone, and a switch from interval to cron', async () => {
      const { scheduler, task, planned } = recordRuns({ key: 'edit', interval: '1h' });
      await vi.advanceTimersByTimeAsync(1);
      scheduler.stop('edit');
      task.interval = undefined;
      task.cron = '0 18 * * *';
      task.timezone = 'Europe/Berlin';
      scheduler.restart('edit');
      // 18:00 in Berlin (CET) is 17:00Z.
      expect(task.nextRunAt?.toISOString()).toBe('2026-01-15T17:00:00.000Z');
      await advanceTo('2026-01-16T17:00:00Z');
      expect(planned).toEqual([T0, '2026-01-15T17:00:00.000Z', '2026-01-16T17:00:00.000Z']);
      await closeAndCheck(scheduler);
    });

    it('restarts a completed cron task and honours a future firstRun again', async () => {
      const { scheduler, task, planned } = recordRuns({
        key: 'twice',
        cron: '0 * * * *',
        timezone: 'UTC',
        runs: 1,
        firstRun: new Date('2026-01-15T12:00:00Z'),
      });
      await advanceTo('2026-01-15T12:30:00Z');
      expect(task.status).toBe('completed');
      scheduler.stop('twice');
      task.firstRun = new Date('2026-01-15T15:10:00Z');
      scheduler.restart('twice');
      expect(task.nextRunAt?.toISOString()).toBe('2026-01-15T16:00:00.000Z');
      await advanceTo('2026-01-15T17:00:00Z');
      expect(planned).toEqual(['2026-01-15T12:00:00.000Z', '2026-01-15T16:00:00.000Z']);
      await closeAndCheck(scheduler);
    });

    it('on an active task starts over without a second timetable', async () => {
      const { scheduler, task, planned } = recordRuns({ key: 'active', cron: '*/10 * * * * *' });
      await advanceTo('2026-01-15T10:00:15Z');
      scheduler.restart('active');
      scheduler.restart('active');
      await advanceTo('2026-01-15T10:00:45Z');
      expect(planned).toEqual([
        T0,
        '2026-01-15T10:00:10.000Z',
        '2026-01-15T10:00:20.000Z',
        '2026-01-15T10:00:30.000Z',
        '2026-01-15T10:00:40.000Z',
      ]);
      expect(task.runCount).toBe(3);
      await closeAndCheck(scheduler);
    });
  });

  it('leaves no timer after close with many cron tasks in several zones', async () => {
    const scheduler = new Scheduler();
    const tasks: Task[] = [];
    for (let i = 0; i < 50; i += 1) {
      tasks.push(
        scheduler.add(() => undefined, {
          key: `t${i}`,
          cron: `${i % 60} * * * * *`,
          timezone: i % 2 === 0 ? 'Europe/Berlin' : 'America/New_York',
        }),
      );
    }
    // One timer for the whole scheduler, whatever the number of cron tasks.
    expect(vi.getTimerCount()).toBe(1);
    // Second 0 matches now (10:00:00); stop short of 10:01:00, where it would match again.
    await vi.advanceTimersByTimeAsync(59_500);
    expect(tasks.every((task) => task.runCount === 1)).toBe(true);
    await closeAndCheck(scheduler);
  });
});
