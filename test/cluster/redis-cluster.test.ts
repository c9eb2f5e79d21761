import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { RedisKeys } from '../../src/cluster/redis-keys.js';
import { Scheduler } from '../../src/index.js';
import { RedisCoordinator } from '../../src/redis.js';
import { sleep, uniquePrefix } from './helpers.js';
import { startRedisCluster, type ClusterClient, type RedisClusterServers } from './redis-cluster-servers.js';

// Cluster mode against a real Redis Cluster (three masters started for this file), with clients made
// by `createCluster`: every script must find all its keys in one slot, or the cluster refuses it.
const run = promisify(execFile);
const quiet = { warn: vi.fn() };

/** Task keys that put braces where a hash tag would be looked for. */
const AWKWARD_KEYS = ['}starts-with-brace', 'a{b}c', '{}', '{', '}', '{x', 'x}', 'plain'];

let servers: RedisClusterServers;
let clientA: ClusterClient;
let clientB: ClusterClient;

beforeAll(async () => {
  servers = await startRedisCluster();
  clientA = await servers.connect();
  clientB = await servers.connect();
}, 30_000);

afterAll(async () => {
  await servers.stop();
});

async function keySlot(key: string): Promise<number> {
  const { stdout } = await run('redis-cli', ['-p', String(servers.ports[0]), 'cluster', 'keyslot', key]);
  return Number(stdout.trim());
}

async function eventually(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('RedisCoordinator on a Redis Cluster', () => {
  it.each(AWKWARD_KEYS)('keeps every key of task %j in one slot, so its claims work', async (key) => {
    const prefix = uniquePrefix('slots');
    const keys = new RedisKeys(prefix);
    expect(await keySlot(keys.members())).toBe(await keySlot(keys.task(key)));
    const coordinator = new RedisCoordinator({ client: clientA, prefix, logger: quiet });
    try {
      const state = await coordinator.register({ key, spec: '{}', firstRun: 1_000 });
      // A registration reads the membership beside the task; so does a claim, for several tasks at once.
      const { results } = await coordinator.claim([
        {
          key,
          epoch: state.epoch,
          plannedAt: 1_000,
          runs: undefined,
          exclusive: true,
          leaseMs: 200,
          holdersVersion: 0,
        },
      ]);
      const won = results[0]!;
      expect(won).toMatchObject({ won: true, runCount: 1 });
      if (won.won) won.release();
    } finally {
      await coordinator.close();
    }
  });

  it('refuses a prefix with an empty hash tag, which would hash each whole key', () => {
    expect(() => new RedisCoordinator({ client: clientA, prefix: 'app{}:', logger: quiet })).toThrow(
      /empty hash tag/,
    );
  });

  it('runs each planned run of a task on one of two instances, and stop reaches the other', async () => {
    const prefix = uniquePrefix('schedulers');
    const a = new Scheduler({
      coordinator: new RedisCoordinator({ client: clientA, prefix, logger: quiet }),
    });
    const b = new Scheduler({
      coordinator: new RedisCoordinator({ client: clientB, prefix, logger: quiet }),
    });
    const errors: unknown[] = [];
    const seen: number[] = [];
    for (const scheduler of [a, b]) scheduler.on('coordinatorError', (error) => errors.push(error));
    const record = (ctx: { scheduledAt: Date }): void => {
      seen.push(ctx.scheduledAt.getTime());
    };
    try {
      const options = { key: '}tick{', interval: 50, runs: 8 };
      const taskA = await a.asyncAdd(record, options);
      const taskB = await b.asyncAdd(record, options);
      await eventually(() => taskA.status === 'completed' && taskB.status === 'completed');
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);

      // Commands travel by pub/sub, which a cluster forwards from any node to every node.
      await a.asyncAdd(() => undefined, { key: '{other}', interval: 1_000 });
      const other = await b.asyncAdd(() => undefined, { key: '{other}', interval: 1_000 });
      a.stop('{other}');
      await eventually(() => other.status === 'stopped');
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
