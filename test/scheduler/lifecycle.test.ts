/**
 * stop, restart, asyncRestart and remove (SPEC "Scheduler"): what each does to the timetable, the
 * counters and the run in flight, and what each returns.
 */
import { describe, expect, it, vi } from 'vitest';

import { Scheduler, TaskNotFoundError, TaskStoppedError, type TaskContext } from '../../src/index.js';
import { flushMicrotasks, sinceT0, T0, withFakeTimedScheduler } from './helpers.js';

let scheduler: Scheduler;

withFakeTimedScheduler((made) => ({ scheduler } = made));

function plannedRuns(): { readonly planned: number[]; readonly fn: (ctx: TaskContext) => void } {
  const planned: number[] = [];
  return { planned, fn: (ctx) => planned.push(ctx.scheduledAt.getTime() - T0) };
}

describe('stop', () => {
  it('with abort: true, aborts the run in flight (TaskStoppedError) and fails it at once', async () => {
    let signal: AbortSignal | undefined;
    const errors: unknown[] = [];
    scheduler.on('taskError', (_task, error) => errors.push(error));
    const task = scheduler.add(
      (ctx) => {
        signal = ctx.signal;
        return new Promise(() => undefined); // never settles by itself
      },
      { key: 'hung', interval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(task.isRunning).toBe(true);
    expect(scheduler.stop('hung', { abort: true })).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(TaskStoppedError);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TaskStoppedError);
    expect(task.isRunning).toBe(false);
    expect(task.status).toBe('stopped');
  });

  it('ends the runs at once, keeps the task listed, and returns true', async () => {
    const runs = plannedRuns();
    const task = scheduler.add(runs.fn, { key: 's', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(scheduler.stop('s')).toBe(true);
    expect(task.isActive).toBe(false);
    expect(task.status).toBe('stopped');
    expect(task.nextRunAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.planned).toEqual([0, 1_000]);
    expect(scheduler.tasks.get('s')).toBe(task);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('returns false for an unknown key, and true again for a stopped task', () => {
    scheduler.add(() => {}, { key: 's', interval: 1_000 });
    expect(scheduler.stop('nope')).toBe(false);
    expect(scheduler.stop('s')).toBe(true);
    expect(scheduler.stop('s')).toBe(true);
  });

  it('lets a run in flight finish, without aborting it', async () => {
    let signal: AbortSignal | undefined;
    const success = vi.fn();
    scheduler.on('taskSuccess', success);
    const task = scheduler.add(
      async (ctx) => {
        signal = ctx.signal;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return 'done';
      },
      { key: 's', interval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(100);
    scheduler.stop('s');
    expect(task.isRunning).toBe(true);
    await vi.advanceTimersByTimeAsync(400);
    expect(signal?.aborted).toBe(false);
    expect(task.isRunning).toBe(false);
    expect(success).toHaveBeenCalledOnce();
    expect(task.status).toBe('stopped');
  });

  it('leaves the other tasks on their timetable', async () => {
    const a = plannedRuns();
    const b = plannedRuns();
    scheduler.add(a.fn, { key: 'a', interval: 1_000 });
    scheduler.add(b.fn, { key: 'b', interval: 700 });
    await vi.advanceTimersByTimeAsync(0);
    scheduler.stop('b');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(a.planned).toEqual([0, 1_000, 2_000, 3_000]);
    expect(b.planned).toEqual([0]);
  });
});

describe('restart', () => {
  it('schedules a stopped task again from now, with runCount reset', async () => {
    const runs = plannedRuns();
    const task = scheduler.add(runs.fn, { key: 'r', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    scheduler.stop('r');
    await vi.advanceTimersByTimeAsync(2_500); // now 4500
    expect(task.runCount).toBe(3);
    expect(scheduler.restart('r')).toBe(task);
    expect(task.isActive).toBe(true);
    expect(task.runCount).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs.planned).toEqual([0, 1_000, 2_000, 4_500, 5_500, 6_500]);
    expect(task.runCount).toBe(3);
  });

  it('starts the timetable of an active task over, and never makes a second one', async () => {
    const runs = plannedRuns();
    const task = scheduler.add(runs.fn, { key: 'r', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(300);
    scheduler.restart('r');
    scheduler.restart('r');
    scheduler.restart('r');
    expect(task.runCount).toBe(0);
    await vi.advanceTimersByTimeAsync(3_000);
    // Restarted at 300: one run per tick of the new grid, none left from the old one.
    expect(runs.planned).toEqual([0, 300, 1_300, 2_300, 3_300]);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('runs a completed task again, for its full `runs`', async () => {
    const complete = vi.fn();
    scheduler.on('taskComplete', complete);
    const task = scheduler.add(() => {}, { key: 'c', interval: 1_000, runs: 2 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task.status).toBe('completed');
    scheduler.restart('c');
    expect(task.isActive).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task.runCount).toBe(2);
    expect(complete).toHaveBeenCalledTimes(2);
  });

  it('applies firstRun again only while it is still in the future', async () => {
    const runs = plannedRuns();
    const task = scheduler.add(runs.fn, { key: 'f', interval: 1_000, firstRun: T0 + 5_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    scheduler.restart('f'); // firstRun still ahead: the timetable keeps it
    expect(sinceT0(task.nextRunAt)).toBe(5_000);
    await vi.advanceTimersByTimeAsync(6_700); // now 7700
    expect(runs.planned).toEqual([5_000, 6_000, 7_000]);
    scheduler.stop('f');
    scheduler.restart('f'); // firstRun has passed: the timetable is anchored at now
    expect(sinceT0(task.nextRunAt)).toBe(7_700);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs.planned).toEqual([5_000, 6_000, 7_000, 7_700, 8_700]);
  });

  it('starts a task registered with enabled: false', async () => {
    const fn = vi.fn();
    const task = scheduler.add(fn, { key: 'off', interval: 1_000, enabled: false });
    expect(task.isActive).toBe(false);
    expect(task.status).toBe('stopped');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fn).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    scheduler.restart('off');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('throws TaskNotFoundError for an unknown or removed key', () => {
    scheduler.add(() => {}, { key: 'gone', interval: 1_000 });
    scheduler.remove('gone');
    for (const key of ['nope', 'gone']) {
      let error: unknown;
      try {
        scheduler.restart(key);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TaskNotFoundError);
      expect((error as TaskNotFoundError).key).toBe(key);
    }
  });

  it('does not let a run of the old timetable complete the new one', async () => {
    let finishFirst: () => void = () => {};
    let calls = 0;
    const task = scheduler.add(
      () => {
        calls += 1;
        return calls === 1 ? new Promise<void>((resolve) => (finishFirst = resolve)) : undefined;
      },
      { key: 'g', interval: 1_000, runs: 1 },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(task.isRunning).toBe(true);
    scheduler.restart('g');
    finishFirst();
    await flushMicrotasks(); // the old run settles; no timer has fired yet
    // The old run ended, but the restarted timetable has not made its own run yet.
    expect(task.status).toBe('active');
    expect(task.runCount).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2);
    expect(task.status).toBe('completed');
  });
  it('a one-shot task restarted during its run (tick skipped) completes when that run ends', async () => {
    let finish: () => void = () => {};
    const complete = vi.fn();
    scheduler.on('taskComplete', complete);
    const task = scheduler.add(() => new Promise<void>((resolve) => (finish = resolve)), { key: 'o' });
    await vi.advanceTimersByTimeAsync(0);
    scheduler.restart('o');
    await vi.advanceTimersByTimeAsync(0); // its one tick comes while the old run is going: skipped
    expect(task.skipCount).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    // Nothing is planned nor running any more: the task must not stay "active" forever.
    expect(task.isRunning).toBe(false);
    expect(task.nextRunAt).toBeUndefined();
    expect(task.isActive).toBe(false);
    expect(complete).toHaveBeenCalledOnce();
    expect(scheduler.tasks.has('o')).toBe(false);
  });
});

describe('asyncRestart', () => {
  it('resolves with the restarted task', async () => {
    const task = scheduler.add(() => {}, { key: 'a', interval: 1_000 });
    scheduler.stop('a');
    await expect(scheduler.asyncRestart('a')).resolves.toBe(task);
    expect(task.isActive).toBe(true);
  });

  it('rejects, never throws, for an unknown key', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = scheduler.asyncRestart('nope'))).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

describe('remove', () => {
  it('stops and deletes the task, emits taskRemove, and returns true; false for unknown keys', async () => {
    const fn = vi.fn();
    const removed = vi.fn();
    scheduler.on('taskRemove', removed);
    const task = scheduler.add(fn, { key: 'r', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.remove('r')).toBe(true);
    expect(scheduler.tasks.has('r')).toBe(false);
    expect(task.isActive).toBe(false);
    expect(removed).toHaveBeenCalledExactlyOnceWith(task);
    expect(scheduler.remove('r')).toBe(false);
    expect(scheduler.remove('never')).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('frees the key for a new task', async () => {
    const old = vi.fn();
    const replacement = vi.fn();
    scheduler.add(old, { key: 'k', interval: 1_000 });
    scheduler.remove('k');
    scheduler.add(replacement, { key: 'k', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(old).not.toHaveBeenCalled();
    expect(replacement).toHaveBeenCalledTimes(2);
  });
});
