import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RedisClientLike } from '../../src/cluster/redis-client.js';
import { LuaScript } from '../../src/cluster/redis-client.js';
import { CLAIM_SCRIPT } from '../../src/cluster/redis-scripts.js';
import { Scheduler } from '../../src/index.js';
import { RedisCoordinator } from '../../src/redis.js';
import { connectRedis, deleteKeys, sleep, uniquePrefix, type Client } from './helpers.js';

// What cluster mode costs Redis per planned run, counted at the client: three instances (schedulers in
// this process, each with its own counting client) share 40 co-due tasks every 100 ms.
const CLAIM_SHA = new LuaScript(CLAIM_SCRIPT).sha1;
const TASKS = 40;
const PERIOD = 100;

let redis: Client;
const prefix = uniquePrefix('claim-cost');
const quiet = { warn: vi.fn() };

beforeAll(async () => {
  redis = await connectRedis();
});

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.destroy();
});

/** The shared client, counting the claim scripts sent through it. */
function counting(client: Client): { client: RedisClientLike; claims: () => number } {
  let claims = 0;
  const counted: RedisClientLike = {
    get isReady() {
      return client.isReady;
    },
    evalSha: (sha1, options) => {
      if (sha1 === CLAIM_SHA) claims += 1;
      return client.evalSha(sha1, options);
    },
    eval: (script, options) => client.eval(script, options),
    publish: (channel, message) => client.publish(channel, message),
    duplicate: () => client.duplicate(),
    on: (event, listener) => client.on(event, listener),
    off: (event, listener) => client.off(event, listener),
  };
  return { client: counted, claims: () => claims };
}

describe('the cost of cluster mode', () => {
  it('claims each planned run once, with one script call per instance and tick, not one per run', async () => {
    const instances = [1, 2, 3].map(() => {
      const { client, claims } = counting(redis);
      const scheduler = new Scheduler({
        coordinator: new RedisCoordinator({ client, prefix, logger: quiet }),
      });
      return { scheduler, claims };
    });
    const seen: number[][] = Array.from({ length: TASKS }, () => []);
    const firstRun = Date.now() + 500;
    try {
      for (const { scheduler } of instances) {
        await Promise.all(
          seen.map((runs, i) =>
            scheduler.asyncAdd(
              (ctx) => {
                runs.push(ctx.scheduledAt.getTime());
              },
              { key: `t${i}`, interval: PERIOD, firstRun },
            ),
          ),
        );
      }
      const claimsBefore = instances.map(({ claims }) => claims());
      await sleep(firstRun - Date.now() + 1_500);
      const planned = seen.reduce((sum, runs) => sum + runs.length, 0);
      const calls = instances.reduce((sum, { claims }, i) => sum + claims() - claimsBefore[i]!, 0);
      for (const runs of seen) {
        expect(new Set(runs).size).toBe(runs.length);
        expect(runs.length).toBeGreaterThanOrEqual(12);
      }
      // Before: every instance claimed every planned run, three calls per run.
      expect(calls / planned).toBeLessThan(0.15);
      // The work is shared.
      for (const { claims } of instances) expect(claims()).toBeGreaterThan(0);
    } finally {
      await Promise.all(instances.map(({ scheduler }) => scheduler.close()));
    }
  });
});
