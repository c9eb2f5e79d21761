import { describe, expect, it } from 'vitest';

import { Scheduler } from '../../src/index.js';
import type { Runner } from '../../src/runners/runner.js';
import { FakeClock, RecordingLogger } from './helpers.js';

describe('a scheduler that must not die with one of its tasks', () => {
  it('stops only the task whose run cannot start, records why, and keeps the others on time', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const broken = new Error('no pool for you');
    const scheduler = new Scheduler({
      clock,
      logger,
      // A runner that cannot be made: what a misconfigured worker pool looks like from the core.
      runnerFactories: {
        THREAD: (): Runner => {
          throw broken;
        },
      },
    });
    const ran: number[] = [];
    const healthy = scheduler.add(() => ran.push(clock.now()), { key: 'healthy', interval: 100 });
    const doomed = scheduler.add(
      { module: 'file:///nowhere.mjs' },
      { key: 'doomed', interval: 100, runType: 'THREAD' },
    );

    await clock.advance(350);

    expect(doomed.isActive).toBe(false);
    expect(doomed.status).toBe('stopped');
    expect(doomed.lastError).toBe(broken);
    expect(doomed.errorCount).toBe(1);
    expect(
      logger.errors.some((entry) => entry.message.includes('"doomed"') && entry.meta[0] === broken),
    ).toBe(true);
    expect(healthy.isActive).toBe(true);
    expect(ran).toHaveLength(4);
    await scheduler.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('survives a logger that throws', async () => {
    const clock = new FakeClock();
    const scheduler = new Scheduler({
      clock,
      logger: {
        error: () => {
          throw new Error('logger down');
        },
      },
    });
    const task = scheduler.add(
      () => {
        throw new Error('task failed');
      },
      { key: 'failing', interval: 100 },
    );
    await clock.advance(250);
    expect(task.errorCount).toBe(3);
    expect(task.isActive).toBe(true);
    await scheduler.close();
  });
});

describe('lastRunAt', () => {
  it('is when the run started, even when an earlier task of the same batch held the loop', async () => {
    const clock = new FakeClock();
    const scheduler = new Scheduler({ clock, logger: new RecordingLogger() });
    // The first task "blocks" for 300 ms: the clock moves while the batch is being started.
    scheduler.add(
      () => {
        clock.jump(300);
      },
      { key: 'busy', firstRun: clock.now() + 100 },
    );
    let startedAt = 0;
    const second = scheduler.add(() => (startedAt = clock.now()), {
      key: 'second',
      firstRun: clock.now() + 100,
      interval: 60_000,
    });
    const start = clock.now();
    await clock.advance(100);
    expect(startedAt).toBe(start + 400);
    expect(second.lastRunAt?.getTime()).toBe(start + 400);
    await scheduler.close();
  });
});
