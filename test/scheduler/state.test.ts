/**
 * The `Task` facade (SPEC "Task"): live state, and options that can be edited only while the task is
 * inactive, validated at once, applied at restart.
 */
import { describe, expect, it, vi } from 'vitest';

import {
  InvalidTaskOptionsError,
  Scheduler,
  TaskActiveError,
  type Task,
  type TaskContext,
} from '../../src/index.js';
import { RecordingLogger, sinceT0, T0, withFakeTimedScheduler } from './helpers.js';

let scheduler: Scheduler;

withFakeTimedScheduler((made) => ({ scheduler } = made));

function caught(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('task state', () => {
  it('is fresh before the first run', () => {
    const task = scheduler.add(() => {}, { key: 's', interval: 1_000, firstRun: T0 + 500 });
    expect(task.isActive).toBe(true);
    expect(task.isRunning).toBe(false);
    expect(task.runCount).toBe(0);
    expect(task.errorCount).toBe(0);
    expect(task.skipCount).toBe(0);
    expect(task.lastRunAt).toBeUndefined();
    expect(task.lastRunDuration).toBeUndefined();
    expect(task.lastError).toBeUndefined();
    expect(sinceT0(task.nextRunAt)).toBe(500);
  });

  it('tracks isRunning, runCount, lastRunAt, lastRunDuration and nextRunAt through a run', async () => {
    const seen: { running: boolean; count: number }[] = [];
    const task: Task = scheduler.add(
      async () => {
        seen.push({ running: task.isRunning, count: task.runCount });
        await new Promise((resolve) => setTimeout(resolve, 120));
      },
      { key: 's', interval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(50);
    expect(task.isRunning).toBe(true);
    expect(sinceT0(task.lastRunAt)).toBe(0);
    expect(sinceT0(task.nextRunAt)).toBe(1_000);
    expect(task.lastRunDuration).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(task.isRunning).toBe(false);
    expect(task.lastRunDuration).toBe(120);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual([
      { running: true, count: 1 },
      { running: true, count: 2 },
    ]);
    expect(sinceT0(task.lastRunAt)).toBe(1_000);
    expect(sinceT0(task.nextRunAt)).toBe(2_000);
  });

  it('passes key, runNumber, scheduledAt, a live signal and args to the function', async () => {
    const contexts: TaskContext[] = [];
    const extra: unknown[][] = [];
    const app = { name: 'app' };
    const withApp = new Scheduler({ app, logger: new RecordingLogger() });
    withApp.add(
      (ctx, ...args: unknown[]) => {
        contexts.push(ctx);
        extra.push(args);
      },
      { key: 'ctx', interval: 1_000, args: ['a', 2] },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(contexts.map((ctx) => [ctx.key, ctx.runNumber, sinceT0(ctx.scheduledAt)])).toEqual([
      ['ctx', 1, 0],
      ['ctx', 2, 1_000],
    ]);
    expect(contexts[0]?.app).toBe(app);
    expect(contexts[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(contexts[0]?.signal.aborted).toBe(false);
    expect(contexts[0]?.signal).not.toBe(contexts[1]?.signal);
    expect(extra).toEqual([
      ['a', 2],
      ['a', 2],
    ]);
    await withApp.close();
  });

  it('gives ctx.app undefined without an app', async () => {
    let app: unknown = 'unset';
    scheduler.add((ctx) => (app = ctx.app));
    await vi.advanceTimersByTimeAsync(0);
    expect(app).toBeUndefined();
  });

  it('ends a sync task’s run at once and a promise task’s run when it settles', async () => {
    const sync = scheduler.add(() => 'x', { key: 'sync', interval: 1_000 });
    let resolve: () => void = () => {};
    const pending = scheduler.add(() => new Promise<void>((r) => (resolve = r)), {
      key: 'promise',
      interval: 1_000,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.isRunning).toBe(false);
    expect(pending.isRunning).toBe(true);
    resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(pending.isRunning).toBe(false);
  });

  it('serialises to a plain snapshot', async () => {
    const task = scheduler.add(() => {}, { key: 'j', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(JSON.stringify(task))).toMatchObject({
      key: 'j',
      status: 'active',
      runCount: 1,
      interval: 1_000,
      nextRunAt: new Date(T0 + 1_000).toISOString(),
    });
  });
});

describe('editing options', () => {
  it('refuses edits while the task is active, with TaskActiveError naming key and option', () => {
    const task = scheduler.add(() => {}, { key: 'e', interval: 1_000 });
    const error = caught(() => {
      task.interval = 5_000;
    });
    expect(error).toBeInstanceOf(TaskActiveError);
    expect((error as TaskActiveError).key).toBe('e');
    expect((error as TaskActiveError).option).toBe('interval');
    expect(task.interval).toBe(1_000);
    for (const edit of [
      () => (task.runs = 3),
      () => (task.overlap = 'allow'),
      () => (task.timeout = 10),
      () => (task.args = []),
      () => (task.firstRun = T0),
      () => (task.autoRemove = true),
      () => (task.enabled = false),
    ]) {
      expect(caught(edit)).toBeInstanceOf(TaskActiveError);
    }
  });

  it('validates an edit at once with the same rules as add', () => {
    const task = scheduler.add(() => {}, { key: 'e', interval: 1_000, enabled: false });
    const error = caught(() => {
      task.interval = -1;
    });
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    expect((error as InvalidTaskOptionsError).key).toBe('e');
    expect((error as InvalidTaskOptionsError).option).toBe('interval');
    expect(task.interval).toBe(1_000);
    expect(caught(() => (task.runs = 0))).toBeInstanceOf(InvalidTaskOptionsError);
    expect(caught(() => (task.cron = '* * * * *'))).toBeInstanceOf(InvalidTaskOptionsError);
    expect(caught(() => (task.runType = 'THREAD'))).toBeInstanceOf(InvalidTaskOptionsError);
    expect(task.runType).toBe('ASYNC');
  });

  it('applies edits made while stopped at restart, not before', async () => {
    const planned: number[] = [];
    const task = scheduler.add((ctx) => planned.push(sinceT0(ctx.scheduledAt)!), {
      key: 'e',
      interval: 1_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    scheduler.stop('e');
    task.interval = '250ms';
    task.runs = 2;
    expect(task.interval).toBe(250);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(planned).toEqual([0, 1_000]);
    scheduler.restart('e');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(planned).toEqual([0, 1_000, 2_000, 2_250]);
    expect(task.status).toBe('completed');
  });

  it('allows edits on a completed task', async () => {
    const task = scheduler.add(() => {}, { key: 'c', interval: 1_000, runs: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(task.isActive).toBe(false);
    task.runs = 2;
    expect(task.runs).toBe(2);
  });

  it('restores the default when an option is set to undefined', () => {
    const task = scheduler.add(() => {}, { key: 'd', interval: 1_000, overlap: 'allow', enabled: false });
    task.overlap = undefined;
    expect(task.overlap).toBe('skip');
  });
});
