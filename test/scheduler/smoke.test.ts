import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Scheduler } from '../../src/index.js';

describe('Scheduler (smoke)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs an interval task on its fixed timetable and completes after `runs`', async () => {
    const scheduler = new Scheduler();
    const seen: number[] = [];
    const task = scheduler.add(
      (ctx) => {
        seen.push(ctx.scheduledAt.getTime() - Date.parse('2026-01-01T00:00:00Z'));
      },
      { key: 'tick', interval: '1s', runs: 3 },
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual([0, 1_000, 2_000]);
    expect(task.isActive).toBe(false);
    expect(task.runCount).toBe(3);
    await scheduler.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
