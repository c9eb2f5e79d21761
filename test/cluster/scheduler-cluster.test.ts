import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { RESTART_SCRIPT } from '../../src/cluster/redis-scripts.js';
import { taskSpec } from '../../src/cluster/task-spec.js';
import { normalizeOptions } from '../../src/options/normalize.js';
import { CoordinatorUnavailableError, Scheduler, SchedulerError } from '../../src/index.js';
import { RedisKeys } from '../../src/cluster/redis-keys.js';
import { RedisCoordinator } from '../../src/redis.js';
import { connectRedis, deleteKeys, RedisProxy, sleep, uniquePrefix, type Client } from './helpers.js';

// Two schedulers in one process, each with its own Redis connection and coordinator, stand for two
// instances; real timers with tolerant bounds. The multi-process proofs are in multi-process.test.ts.
let clientA: Client;
let clientB: Client;
const prefixes: string[] = [];
const schedulers: Scheduler[] = [];
const quiet = { warn: vi.fn() };

beforeAll(async () => {
  clientA = await connectRedis();
  clientB = await connectRedis();
});

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(clientA, prefix);
  clientA.destroy();
  clientB.destroy();
});

function instances(name: string): [Scheduler, Scheduler, string] {
  const prefix = uniquePrefix(name);
  prefixes.push(prefix);
  const a = new Scheduler({ coordinator: new RedisCoordinator({ client: clientA, prefix, logger: quiet }) });
  const b = new Scheduler({ coordinator: new RedisCoordinator({ client: clientB, prefix, logger: quiet }) });
  schedulers.push(a, b);
  return [a, b, prefix];
}

/** Polls `condition` every 10 ms for up to `ms`. */
async function eventually(condition: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('Scheduler with a RedisCoordinator', () => {
  it('agrees one timetable: asyncAdd resolves once registered, with the first instance anchor', async () => {
    const [a, b] = instances('agree');
    const first = await a.asyncAdd(() => undefined, { key: 'job', interval: 1_000 });
    await sleep(120);
    const second = await b.asyncAdd(() => undefined, { key: 'job', interval: 1_000 });
    expect(second.nextRunAt?.getTime()).toBe(first.nextRunAt?.getTime());
  });

  it('add returns at once and starts no run before the anchor is agreed', async () => {
    const [a] = instances('pending');
    const task = a.add(() => undefined, { key: 'job', interval: 1_000 });
    expect(task.isActive).toBe(true);
    expect(task.nextRunAt).toBeUndefined();
    await eventually(() => task.nextRunAt !== undefined);
  });

  it('runs each planned run on one instance only and shows the cluster-wide runCount', async () => {
    const [a, b] = instances('split');
    const seen: number[] = [];
    const record = (ctx: { scheduledAt: Date }): void => {
      seen.push(ctx.scheduledAt.getTime());
    };
    const taskA = await a.asyncAdd(record, { key: 'job', interval: 50, runs: 12 });
    const taskB = await b.asyncAdd(record, { key: 'job', interval: 50, runs: 12 });
    await eventually(() => !taskA.isActive && !taskB.isActive, 3_000);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(taskA.runCount).toBe(12);
    expect(taskB.runCount).toBe(12);
    expect(taskA.status).toBe('completed');
  });

  it('refuses a coordinator that already serves another scheduler, at construction', () => {
    const prefix = uniquePrefix('shared');
    prefixes.push(prefix);
    const coordinator = new RedisCoordinator({ client: clientA, prefix, logger: quiet });
    schedulers.push(new Scheduler({ coordinator }));
    expect(() => new Scheduler({ coordinator })).toThrow(SchedulerError);
  });

  it("follows the cluster's timing options when this instance registered others (first registration wins)", async () => {
    const [a, b] = instances('mismatch');
    const seen: { readonly on: string; readonly planned: number }[] = [];
    const record =
      (on: string) =>
      (ctx: { scheduledAt: Date }): void => {
        seen.push({ on, planned: ctx.scheduledAt.getTime() });
      };
    const taskA = await a.asyncAdd(record('A'), { key: 'job', interval: 80, runs: 5 });
    const taskB = await b.asyncAdd(record('B'), { key: 'job', interval: 30, runs: 20 });
    await eventually(() => !taskA.isActive && !taskB.isActive, 3_000);
    await sleep(100);
    // Five runs in all, every one on A's 80 ms grid, whichever instance ran it.
    expect(seen).toHaveLength(5);
    const anchor = Math.min(...seen.map((run) => run.planned));
    for (const run of seen) expect((run.planned - anchor) % 80).toBe(0);
    expect(taskB.status).toBe('completed');
    expect(taskB.runCount).toBe(5);
  });

  it('shows the options it follows (the cluster’s), and a restart proposes its own again', async () => {
    const [a, b] = instances('options-in-force');
    const taskA = await a.asyncAdd(() => undefined, { key: 'job', interval: 1_000 });
    const taskB = await b.asyncAdd(() => undefined, { key: 'job', interval: 2_000, overlap: 'allow' });
    // Before, B showed (and its overlap check used) its own options while following the cluster's.
    expect(taskB.interval).toBe(1_000);
    expect(taskB.overlap).toBe('skip');
    await b.asyncRestart('job');
    expect(taskB.interval).toBe(2_000);
    expect(taskB.overlap).toBe('allow');
    await eventually(() => taskA.interval === 2_000);
    expect(taskA.overlap).toBe('allow');
  });

  it('does not overlap a long run with the next tick on another instance (overlap: skip)', async () => {
    const [a, b] = instances('overlap');
    let running = 0;
    let overlapped = false;
    const slow = async (): Promise<void> => {
      running += 1;
      if (running > 1) overlapped = true;
      await sleep(250);
      running -= 1;
    };
    const skips: string[] = [];
    b.on('taskSkip', (_task, skip) => skips.push(skip.reason));
    a.on('taskSkip', (_task, skip) => skips.push(skip.reason));
    await a.asyncAdd(slow, { key: 'job', interval: 100 });
    await b.asyncAdd(slow, { key: 'job', interval: 100 });
    await sleep(900);
    expect(overlapped).toBe(false);
    expect(skips).toContain('overlap');
  });

  it.each(['THREAD', 'PROCESS'] as const)(
    'claims %s runs in the parent before dispatching them to a worker',
    async (runType) => {
      const [a, b] = instances(`workers-${runType}`);
      const ran: { pid: number; threadId: number; plannedAt: number }[] = [];
      for (const scheduler of [a, b]) {
        scheduler.on('taskSuccess', (_task, run) => ran.push(run.value as (typeof ran)[number]));
      }
      const job = { module: new URL('./fixtures/worker-job.mjs', import.meta.url) };
      const options = { key: 'job', interval: 100, runs: 6, runType };
      const taskA = a.add(job, options);
      const taskB = b.add(job, options);
      await eventually(() => taskA.status === 'completed' && taskB.status === 'completed', 8_000);
      await eventually(() => ran.length === 6);
      expect(new Set(ran.map((run) => run.plannedAt)).size).toBe(6);
      for (const run of ran) {
        if (runType === 'PROCESS') expect(run.pid).not.toBe(process.pid);
        else expect(run.threadId).not.toBe(0);
      }
    },
  );

  it('stop, restart and remove on one instance act on the other', async () => {
    const [a, b] = instances('commands');
    const taskA = await a.asyncAdd(() => undefined, { key: 'job', interval: 50 });
    const taskB = await b.asyncAdd(() => undefined, { key: 'job', interval: 50 });
    // The task's owner (either) has the cluster's count; the other claims nothing for it.
    await eventually(() => Math.max(taskA.runCount, taskB.runCount) >= 3);

    expect(a.stop('job')).toBe(true);
    await eventually(() => !taskB.isActive);
    expect(taskB.status).toBe('stopped');

    await b.asyncRestart('job');
    await eventually(() => taskA.isActive);
    expect(taskA.runCount).toBeLessThan(3);
    expect(taskA.nextRunAt?.getTime()).toBe(taskB.nextRunAt?.getTime());

    const removed = vi.fn();
    b.on('taskRemove', removed);
    expect(a.remove('job')).toBe(true);
    await eventually(() => !b.tasks.has('job'));
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it('catches up with a restart or stop whose message it missed, through its next claim', async () => {
    const [a, , prefix] = instances('missed');
    const options = { key: 'job', interval: 50 };
    const task = await a.asyncAdd(() => undefined, options);
    await eventually(() => task.runCount >= 3);
    // A restart made in Redis without a message: the next claim is refused as stale.
    const anchor = Date.now() + 400;
    await clientA.eval(RESTART_SCRIPT, {
      keys: [new RedisKeys(prefix).task('job'), new RedisKeys(prefix).members()],
      arguments: [taskSpec(normalizeOptions(options)).spec, String(anchor), 'someone-else'],
    });
    await eventually(() => task.nextRunAt?.getTime() === anchor);
    expect(task.runCount).toBe(0);
    // A stop made in Redis without a message: the next claim is refused as stopped.
    await eventually(() => task.runCount >= 2);
    await clientA.hSet(new RedisKeys(prefix).task('job'), 'status', 'stopped');
    await eventually(() => task.status === 'stopped');
  });

  it('delivers a stop made while Redis was unreachable once it is back', async () => {
    const prefix = uniquePrefix('stop-outage');
    prefixes.push(prefix);
    const proxy = new RedisProxy();
    await proxy.start();
    const cutOff = await connectRedis(proxy.url);
    const a = new Scheduler({ coordinator: new RedisCoordinator({ client: cutOff, prefix, logger: quiet }) });
    const b = new Scheduler({
      coordinator: new RedisCoordinator({ client: clientB, prefix, logger: quiet }),
    });
    schedulers.push(b);
    a.on('coordinatorError', () => undefined);
    await a.asyncAdd(() => undefined, { key: 'job', interval: 100 });
    const taskB = await b.asyncAdd(() => undefined, { key: 'job', interval: 100 });
    await proxy.cut();
    a.stop('job');
    await sleep(300);
    expect(taskB.isActive).toBe(true);
    await proxy.start();
    await eventually(() => !taskB.isActive, 5_000);
    await a.close();
    cutOff.destroy();
    await proxy.cut();
  });

  it('starts with Redis down: add returns, coordinatorError once, close still ends cleanly', async () => {
    const prefix = uniquePrefix('down-at-start');
    prefixes.push(prefix);
    // A client that was never connected, to a port where nothing listens.
    const proxy = new RedisProxy();
    await proxy.start();
    await proxy.cut();
    const { createClient } = await import('redis');
    const client = createClient({ url: proxy.url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    const scheduler = new Scheduler({ coordinator: new RedisCoordinator({ client, prefix, logger: quiet }) });
    const errors: unknown[] = [];
    scheduler.on('coordinatorError', (error) => errors.push(error));
    const task = scheduler.add(() => undefined, { key: 'job', interval: 50 });
    await sleep(1_300);
    expect(task.runCount).toBe(0);
    expect(task.nextRunAt).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CoordinatorUnavailableError);
    await scheduler.close();
  });

  it('carries on, on the same grid and without duplicates, when Redis loses its data', async () => {
    const [a, b, prefix] = instances('data-loss');
    const seen: number[] = [];
    const record = (ctx: { scheduledAt: Date }): void => {
      seen.push(ctx.scheduledAt.getTime());
    };
    const taskA = await a.asyncAdd(record, { key: 'job', interval: 50 });
    await b.asyncAdd(record, { key: 'job', interval: 50 });
    await eventually(() => seen.length >= 4);
    const anchor = Number(await clientA.hGet(new RedisKeys(prefix).task('job'), 'anchor'));
    await clientA.del(new RedisKeys(prefix).task('job'));
    const before = seen.length;
    await eventually(() => seen.length >= before + 6);
    expect(a.tasks.has('job') && b.tasks.has('job')).toBe(true);
    expect(taskA.isActive).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    for (const time of seen) expect((time - anchor) % 50).toBe(0);
  });

  it('registers a task stopped when the cluster has it stopped', async () => {
    const [a, b] = instances('late-stopped');
    await a.asyncAdd(() => undefined, { key: 'job', interval: 1_000 });
    a.stop('job');
    await sleep(50);
    const late = await b.asyncAdd(() => undefined, { key: 'job', interval: 1_000 });
    expect(late.status).toBe('stopped');
  });

  it('emits coordinatorError once per outage, starts nothing meanwhile, and resumes by itself', async () => {
    const prefix = uniquePrefix('outage');
    prefixes.push(prefix);
    const proxy = new RedisProxy();
    await proxy.start();
    const client = await connectRedis(proxy.url);
    const scheduler = new Scheduler({
      coordinator: new RedisCoordinator({ client, prefix, logger: quiet }),
    });
    const errors: unknown[] = [];
    scheduler.on('coordinatorError', (error) => errors.push(error));
    const task = await scheduler.asyncAdd(() => undefined, { key: 'job', interval: 50 });
    await eventually(() => task.runCount >= 2);
    await proxy.cut();
    await sleep(400);
    const countDuringOutage = task.runCount;
    await sleep(400);
    expect(task.runCount).toBe(countDuringOutage);
    await proxy.start();
    await eventually(() => task.runCount > countDuringOutage, 4_000);
    expect(errors).toHaveLength(1);
    await scheduler.close();
    client.destroy();
    await proxy.cut();
  });
});
