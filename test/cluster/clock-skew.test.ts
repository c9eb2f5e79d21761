import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  allReady,
  connectRedis,
  deleteKeys,
  ensureBuilt,
  gridReport,
  sleep,
  startApp,
  uniquePrefix,
  type Client,
} from './helpers.js';

// Real app processes (test/cluster/fixtures/app.mjs) whose injected clocks are 5 s fast and 5 s slow
// join one with a correct clock, as machines without NTP would. Each run records its planned time and
// the machine's real time at its start.
const PERIOD = 200;
const TASKS = 20;

let redis: Client;
let prefix: string;

beforeAll(async () => {
  ensureBuilt();
  redis = await connectRedis();
  prefix = uniquePrefix('skew');
});

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.destroy();
});

// Real processes with real time: a CPU spike from elsewhere is tried once more; a defect fails twice.
describe('instances whose clocks are 5 s apart', { timeout: 60_000, retry: 1 }, () => {
  it('lose no planned run and double none, and run each at its time', async () => {
    const env = { PREFIX: prefix, TASKS: String(TASKS), INTERVAL: String(PERIOD) };
    const correct = startApp({ ...env, DURATION: '8000' });
    await allReady([correct]);
    await sleep(1_000);
    const fast = startApp({ ...env, DURATION: '6000', SKEW: '5000' });
    await allReady([fast]);
    await sleep(1_000);
    const slow = startApp({ ...env, DURATION: '4500', SKEW: '-5000' });
    expect(await Promise.all([correct, fast, slow].map((app) => app.exited))).toEqual([0, 0, 0]);

    for (let task = 0; task < TASKS; task += 1) {
      const runs = (await redis.lRange(`${prefix}runs:${task}`, 0, -1)).map((line) =>
        line.split(' ').map(Number),
      );
      const planned = runs.map(([plannedAt]) => plannedAt!);
      // Before, the fast instance claimed planned times 5 s ahead and the ones in between were lost.
      expect(gridReport(planned, PERIOD), `task ${task}`).toEqual({ duplicates: 0, gaps: [] });
      expect(planned.length).toBeGreaterThanOrEqual(30);
      for (const [plannedAt, startedAt] of runs) {
        // Never early (beyond the clock's measuring error), and late only by what the load makes it.
        expect(startedAt! - plannedAt!).toBeGreaterThan(-50);
        expect(startedAt! - plannedAt!).toBeLessThan(2_000);
      }
    }
  });
});
