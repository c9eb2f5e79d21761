import { expect, vi } from 'vitest';

import { Scheduler, type Task, type TaskOptions } from '../../src/index.js';

/** What a cron test observes: the task, and the planned time of each run as an ISO string. */
export interface Recorded {
  readonly scheduler: Scheduler;
  readonly task: Task;
  /** `ctx.scheduledAt` of every run, in order. */
  readonly planned: string[];
  /** The wall-clock time each run actually started at, in order. */
  readonly started: string[];
}

/** Adds a task that records its runs to a fresh `Scheduler` (which follows vitest's fake timers). */
export function recordRuns(options: TaskOptions, onRun?: () => void): Recorded {
  const scheduler = new Scheduler();
  const planned: string[] = [];
  const started: string[] = [];
  const task = scheduler.add((ctx) => {
    planned.push(ctx.scheduledAt.toISOString());
    started.push(new Date().toISOString());
    onRun?.();
  }, options);
  return { scheduler, task, planned, started };
}

/** Moves fake time forward to an absolute instant, firing every timer due on the way. */
export async function advanceTo(iso: string): Promise<void> {
  const ms = Date.parse(iso) - Date.now();
  if (ms < 0) throw new Error(`advanceTo(${iso}): fake time is already past it`);
  await vi.advanceTimersByTimeAsync(ms);
}

/** Ends a test: closes the scheduler and checks it left no timer behind. */
export async function closeAndCheck(scheduler: Scheduler): Promise<void> {
  await scheduler.close();
  expect(vi.getTimerCount()).toBe(0);
}
