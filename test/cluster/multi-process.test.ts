import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HEARTBEAT_MS, MEMBER_LEASE_MS } from '../../src/cluster/membership.js';
import {
  connectRedis,
  deleteKeys,
  ensureBuilt,
  gridReport,
  RedisProxy,
  sleep,
  allReady,
  startApp,
  uniquePrefix,
  type AppProcess,
  type Client,
} from './helpers.js';

// Real child processes (test/cluster/fixtures/app.mjs, built library) against the local Redis. Each
// run RPUSHes its planned time; the list must show every planned time once. The scenarios run
// concurrently (each under its own prefix) to keep the whole directory well within its time budget.
const PERIOD = 200;

let redis: Client;
const prefixes: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  redis = await connectRedis();
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  redis.destroy();
});

async function plannedTimes(prefix: string): Promise<number[]> {
  return (await redis.lRange(`${prefix}runs`, 0, -1)).map(Number);
}

function prefixFor(name: string): string {
  const prefix = uniquePrefix(name);
  prefixes.push(prefix);
  return prefix;
}

function runsOf(app: AppProcess): number {
  return app.events.filter((event) => event.event === 'run').length;
}

// Real processes on a 2-core machine: five of these run at once (fifteen app processes). A CPU spike from
// elsewhere can starve an instance past its membership lease and cost a run that no fault caused, so
// a failure is tried once more; a defect fails both times.
describe.concurrent('three app processes, one task every 200 ms', { timeout: 45_000, retry: 1 }, () => {
  it('executes every planned run exactly once', async () => {
    const prefix = prefixFor('exactly-once');
    const apps = [1, 2, 3].map(() => startApp({ PREFIX: prefix, DURATION: '6000' }));
    expect(await Promise.all(apps.map((app) => app.exited))).toEqual([0, 0, 0]);
    const times = await plannedTimes(prefix);
    expect(times.length).toBeGreaterThanOrEqual(20);
    expect(gridReport(times, PERIOD)).toEqual({ duplicates: 0, gaps: [] });
    // What the instances say they ran is what the list holds (one task has one owner at a time: its
    // runs are not spread; claim-cost.test.ts shows several tasks shared out).
    expect(apps.reduce((sum, app) => sum + runsOf(app), 0)).toBe(times.length);
    expect(apps.some((app) => runsOf(app) > 0)).toBe(true);
  });

  it("moves a SIGKILLed owner's task to a survivor once its membership lapses", async () => {
    const prefix = prefixFor('sigkill');
    const apps = [1, 2, 3].map(() => startApp({ PREFIX: prefix, DURATION: '7000' }));
    await allReady(apps);
    await sleep(3_000);
    // The owner is the instance that ran the latest run (one task: one owner at a time).
    const latest = (app: AppProcess): number =>
      Math.max(0, ...app.events.filter((event) => event.event === 'run').map((event) => event.plannedAt!));
    const owner = apps.reduce((best, app) => (latest(app) > latest(best) ? app : best));
    const killedAt = Date.now();
    owner.child.kill('SIGKILL');
    const survivors = apps.filter((app) => app !== owner);
    expect(await Promise.all(survivors.map((app) => app.exited))).toEqual([0, 0]);
    const times = await plannedTimes(prefix);
    const { duplicates, gaps } = gridReport(times, PERIOD);
    expect(duplicates).toBe(0);
    // The runs planned while the dead owner's membership had not lapsed yet are lost, no others.
    expect(
      gaps.length,
      `gaps ${JSON.stringify(gaps)} in ${JSON.stringify(times.map((time) => time - (times[0] ?? 0)))}`,
    ).toBeLessThanOrEqual(1);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(MEMBER_LEASE_MS + HEARTBEAT_MS + 3 * PERIOD);
    // A survivor carried on after the kill.
    expect(times.filter((time) => time > killedAt + MEMBER_LEASE_MS + 1_000).length).toBeGreaterThan(5);
    expect(survivors.some((app) => runsOf(app) > 0)).toBe(true);
  });

  it('shares one timetable between instances started 1 s apart', async () => {
    const prefix = prefixFor('staggered');
    const apps: AppProcess[] = [];
    for (const duration of [6000, 5000, 4000]) {
      const app = startApp({ PREFIX: prefix, DURATION: String(duration) });
      apps.push(app);
      await allReady([app]);
      await sleep(1_000);
    }
    expect(await Promise.all(apps.map((app) => app.exited))).toEqual([0, 0, 0]);
    const times = await plannedTimes(prefix);
    expect(gridReport(times, PERIOD)).toEqual({ duplicates: 0, gaps: [] });
    // One grid: every planned time is the first one plus a whole number of periods.
    const anchor = Math.min(...times);
    for (const time of times) expect((time - anchor) % PERIOD).toBe(0);
  });

  it('makes exactly `runs: 10` runs in total, and the task completes on every instance', async () => {
    const prefix = prefixFor('runs');
    const apps = [1, 2, 3].map(() => startApp({ PREFIX: prefix, DURATION: '4000', RUNS: '10' }));
    expect(await Promise.all(apps.map((app) => app.exited))).toEqual([0, 0, 0]);
    const times = await plannedTimes(prefix);
    expect(times).toHaveLength(10);
    expect(gridReport(times, PERIOD).duplicates).toBe(0);
    for (const app of apps) {
      const complete = app.events.filter((event) => event.event === 'complete');
      expect(complete).toEqual([expect.objectContaining({ runCount: 10 })]);
    }
  });

  it('survives a 2 s loss of Redis: no crash, one coordinatorError each, runs resume, no duplicates', async () => {
    const prefix = prefixFor('outage');
    const proxy = new RedisProxy();
    await proxy.start();
    const apps = [1, 2, 3].map(() => startApp({ PREFIX: prefix, DURATION: '7000', REDIS_URL: proxy.url }));
    await allReady(apps);
    await sleep(1_500);
    const cutAt = Date.now();
    await proxy.cut();
    await sleep(2_000);
    const backAt = Date.now();
    await proxy.start();
    expect(await Promise.all(apps.map((app) => app.exited))).toEqual([0, 0, 0]);
    await proxy.cut();
    for (const app of apps) {
      expect(app.events.filter((event) => event.event === 'coordinatorError')).toHaveLength(1);
    }
    const times = await plannedTimes(prefix);
    expect(gridReport(times, PERIOD).duplicates).toBe(0);
    expect(times.some((time) => time < cutAt)).toBe(true);
    // Runs resumed after Redis came back (the client reconnects within its backoff, about 2 s).
    expect(times.filter((time) => time > backAt + 500).length).toBeGreaterThanOrEqual(5);
  });
});
