/**
 * `close({ timeout })` (SPEC "Scheduler"): no new runs; in-flight runs awaited up to the timeout, then
 * their signals aborted; idempotent; nothing can be added afterwards; no timer left.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  Scheduler,
  SchedulerClosedError,
  SchedulerError,
  TaskNotFoundError,
  type CloseOptions,
} from '../../src/index.js';
import { RecordingLogger, T0 } from './helpers.js';

let logger: RecordingLogger;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  logger = new RecordingLogger();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A task whose runs take `ms` and report whether their signal was aborted, and why. */
function sleeper(ms: number): {
  readonly fn: (ctx: { readonly signal: AbortSignal }) => Promise<void>;
  readonly signals: AbortSignal[];
  readonly finished: number[];
} {
  const signals: AbortSignal[] = [];
  const finished: number[] = [];
  return {
    signals,
    finished,
    fn: async (ctx) => {
      signals.push(ctx.signal);
      await new Promise((resolve) => setTimeout(resolve, ms));
      finished.push(Date.now() - T0);
    },
  };
}

describe('close', () => {
  it('stops every timetable and leaves no timer', async () => {
    const scheduler = new Scheduler({ logger });
    const fn = vi.fn();
    const tasks = [1, 2, 3].map((i) => scheduler.add(fn, { key: `t${i}`, interval: i * 1_000 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await scheduler.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(scheduler.isClosed).toBe(true);
    expect(tasks.every((task) => !task.isActive && task.nextRunAt === undefined)).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('awaits in-flight runs, without aborting those that end within the timeout', async () => {
    const scheduler = new Scheduler({ logger });
    const runs = sleeper(3_000);
    const success = vi.fn();
    scheduler.on('taskSuccess', success);
    scheduler.add(runs.fn, { key: 'slow', interval: 1_000 });
    await vi.advanceTimersByTimeAsync(500);
    let closed = false;
    const closing = scheduler.close({ timeout: 5_000 }).then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    await closing;
    expect(closed).toBe(true);
    expect(runs.finished).toEqual([3_000]);
    expect(runs.signals[0]?.aborted).toBe(false);
    expect(success).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts the signals of runs still going after the timeout, with SchedulerClosedError', async () => {
    const scheduler = new Scheduler({ logger });
    const signals: AbortSignal[] = [];
    const task = scheduler.add(
      (ctx) => {
        signals.push(ctx.signal);
        return new Promise(() => {}); // ignores its signal: close must not wait for it
      },
      { key: 'hung', interval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(0);
    let closed = false;
    const closing = scheduler.close({ timeout: 2_000 }).then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(signals[0]?.aborted).toBe(false);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(SchedulerClosedError);
    expect((signals[0]?.reason as SchedulerClosedError).key).toBe('hung');
    expect(task.isRunning).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits 10 s by default', async () => {
    const scheduler = new Scheduler({ logger });
    const signals: AbortSignal[] = [];
    scheduler.add((ctx) => {
      signals.push(ctx.signal);
      return new Promise(() => {});
    });
    await vi.advanceTimersByTimeAsync(0);
    const closing = scheduler.close();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(signals[0]?.aborted).toBe(true);
  });

  it('starts no new run while it waits for in-flight ones', async () => {
    const scheduler = new Scheduler({ logger });
    const runs = sleeper(5_000);
    const other = vi.fn();
    scheduler.add(runs.fn, { key: 'slow', interval: 1_000, overlap: 'allow' });
    scheduler.add(other, { key: 'other', interval: 1_000, firstRun: T0 + 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    const closing = scheduler.close({ timeout: 10_000 });
    await vi.advanceTimersByTimeAsync(6_000);
    await closing;
    expect(runs.signals).toHaveLength(1);
    expect(other).not.toHaveBeenCalled();
  });

  it('is idempotent: every call returns the same promise', async () => {
    const scheduler = new Scheduler({ logger });
    scheduler.add(() => {}, { interval: 1_000 });
    const first = scheduler.close();
    expect(scheduler.close()).toBe(first);
    await first;
    await expect(scheduler.close()).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses add, asyncAdd and restart afterwards with SchedulerClosedError; stop and remove still answer', async () => {
    const scheduler = new Scheduler({ logger });
    scheduler.add(() => {}, { key: 'old', interval: 1_000 });
    await scheduler.close();
    let error: unknown;
    try {
      scheduler.add(() => {}, { key: 'late', interval: 1_000 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchedulerClosedError);
    expect((error as SchedulerClosedError).key).toBe('late');
    await expect(scheduler.asyncAdd(() => {}, { key: 'late' })).rejects.toBeInstanceOf(SchedulerClosedError);
    expect(() => scheduler.restart('old')).toThrow(SchedulerClosedError);
    expect(() => scheduler.restart('none')).toThrow(TaskNotFoundError);
    expect(scheduler.stop('old')).toBe(true);
    expect(scheduler.remove('old')).toBe(true);
    expect(scheduler.tasks.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes at the end of an `await using` scope', async () => {
    const fn = vi.fn();
    let outside: Scheduler | undefined;
    {
      await using scheduler = new Scheduler({ logger });
      outside = scheduler;
      scheduler.add(fn, { interval: 1_000 });
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(outside.isClosed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('with nothing in flight, resolves without waiting for the timeout', async () => {
    const scheduler = new Scheduler({ logger });
    scheduler.add(() => {}, { interval: 1_000 });
    await vi.advanceTimersByTimeAsync(0);
    let closed = false;
    const closing = scheduler.close({ timeout: 60_000 }).then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(true);
    await closing;
  });
});

describe('close({ timeout }) validation', () => {
  it.each([Number.NaN, -1, 'soon', null])(
    'rejects timeout %s with a SchedulerError and stays open',
    async (timeout) => {
      const scheduler = new Scheduler({ logger: new RecordingLogger() });
      await expect(scheduler.close({ timeout } as unknown as CloseOptions)).rejects.toBeInstanceOf(
        SchedulerError,
      );
      expect(scheduler.isClosed).toBe(false);
      await scheduler.close({ timeout: 0 });
      expect(scheduler.isClosed).toBe(true);
    },
  );
});
