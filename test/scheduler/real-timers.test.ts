/**
 * The default system clock with real timers: short runs with tolerant bounds (never speed
 * assertions), and the one-timer claim measured on the process itself with 100,000 tasks.
 */
import { describe, expect, it } from 'vitest';

import { Scheduler, TaskTimeoutError, type TaskContext } from '../../src/index.js';
import { RecordingLogger } from './helpers.js';

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('with real timers', () => {
  it('runs an interval task on its grid with the system clock', async () => {
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    const runs: { planned: number; lateBy: number }[] = [];
    const anchor = Date.now() + 20;
    scheduler.add(
      (ctx: TaskContext) => {
        runs.push({ planned: ctx.scheduledAt.getTime(), lateBy: Date.now() - ctx.scheduledAt.getTime() });
      },
      { interval: 50, firstRun: anchor },
    );
    await sleep(240);
    await scheduler.close();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(5);
    // Planned times sit exactly on the grid, whatever the lateness of each firing.
    expect(runs.every((run) => (run.planned - anchor) % 50 === 0)).toBe(true);
    expect(runs.every((run) => run.lateBy >= 0)).toBe(true);
  });

  it('coalesces the ticks missed while a run blocked the event loop into one late run', async () => {
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    const planned: number[] = [];
    let blockEnd = 0;
    const anchor = Date.now() + 10;
    scheduler.add(
      (ctx) => {
        planned.push(ctx.scheduledAt.getTime());
        if (ctx.runNumber === 2) {
          const until = Date.now() + 150; // a busy run: the loop is blocked for five intervals
          while (Date.now() < until) {
            // spin
          }
          blockEnd = Date.now();
        }
      },
      { interval: 30, firstRun: anchor },
    );
    await sleep(400);
    await scheduler.close();
    const lateRuns = planned.filter((time, k) => k >= 2 && time < blockEnd);
    expect(lateRuns).toHaveLength(1);
    expect(planned.every((time) => (time - anchor) % 30 === 0)).toBe(true);
    expect(new Set(planned).size).toBe(planned.length);
  });

  it('times a run out with a real timer and leaves no timer after close', async () => {
    const before = activeTimeouts();
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    let reason: unknown;
    scheduler.add(
      (ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            reason = ctx.signal.reason;
            resolve();
          });
        }),
      { timeout: 30 },
    );
    await sleep(150);
    expect(reason).toBeInstanceOf(TaskTimeoutError);
    await scheduler.close();
    expect(activeTimeouts()).toBeLessThanOrEqual(before);
  });

  it('takes intervals, first runs and timeouts beyond 2^31−1 ms without a TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    try {
      let signal: AbortSignal | undefined;
      scheduler.add(() => {}, { key: 'far', interval: '30d', firstRun: Date.now() + 40 * 86_400_000 });
      scheduler.add(
        (ctx) => {
          signal = ctx.signal;
          return new Promise(() => {});
        },
        { key: 'long', timeout: '30d' },
      );
      await sleep(60);
      expect(signal?.aborted).toBe(false);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      await scheduler.close({ timeout: 0 });
      process.off('warning', onWarning);
    }
  });

  it.each([Number.POSITIVE_INFINITY, 30 * 86_400_000])(
    'close({ timeout: %d }) waits for the runs instead of aborting them at once',
    async (timeout) => {
      const scheduler = new Scheduler({ logger: new RecordingLogger() });
      let signal: AbortSignal | undefined;
      scheduler.add(async (ctx) => {
        signal = ctx.signal;
        await sleep(80);
      });
      await sleep(10);
      await scheduler.close({ timeout });
      expect(signal?.aborted).toBe(false);
    },
  );

  it('holds a handful of timers for 100,000 active tasks, and none after close', async () => {
    const before = activeTimeouts();
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    const fn = (): void => {};
    const far = Date.now() + 3_600_000;
    for (let i = 0; i < 100_000; i += 1) {
      scheduler.add(fn, { key: `t${i}`, interval: 60_000 + (i % 1_000), firstRun: far + i });
    }
    expect(scheduler.tasks.size).toBe(100_000);
    expect(activeTimeouts() - before).toBeLessThanOrEqual(2);
    expect(activeTimeouts() - before).toBeGreaterThanOrEqual(1);
    await scheduler.close();
    expect(activeTimeouts()).toBe(before);
  });
});
