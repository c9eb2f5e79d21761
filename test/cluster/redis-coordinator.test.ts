import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { CoordinatorUnavailableError } from '../../src/errors.js';
import { RedisKeys } from '../../src/cluster/redis-keys.js';
import { RedisCoordinator } from '../../src/redis.js';
import type { ClaimRequest, ClaimResult, ClusterTaskSpec, CoordinatorLogger } from '../../src/redis.js';
import { connectRedis, deleteKeys, sleep, uniquePrefix, type Client } from './helpers.js';

// The coordinator against the real local Redis: two coordinators stand for two instances.
let redis: Client;
let otherClient: Client;
const prefixes: string[] = [];
const coordinators: RedisCoordinator[] = [];

beforeAll(async () => {
  redis = await connectRedis();
  otherClient = await connectRedis();
});

afterEach(async () => {
  await Promise.all(coordinators.splice(0).map((coordinator) => coordinator.close()));
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  redis.destroy();
  otherClient.destroy();
});

const quiet = { warn: vi.fn() };

function pair(name: string, logger: CoordinatorLogger = quiet): [RedisCoordinator, RedisCoordinator, string] {
  const prefix = uniquePrefix(name);
  prefixes.push(prefix);
  const a = new RedisCoordinator({ client: redis, prefix, logger });
  const b = new RedisCoordinator({ client: otherClient, prefix, logger });
  coordinators.push(a, b);
  return [a, b, prefix];
}

const spec = (overrides: Partial<ClusterTaskSpec> = {}): ClusterTaskSpec => ({
  key: 'job',
  spec: '{"interval":1000}',
  firstRun: undefined,
  ...overrides,
});

const claim = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  key: 'job',
  epoch: 1,
  plannedAt: 1_000,
  runs: undefined,
  exclusive: false,
  leaseMs: 200,
  holdersVersion: 0,
  ...overrides,
});

/** One claim, in a batch of its own. */
async function claimOne(coordinator: RedisCoordinator, request: ClaimRequest): Promise<ClaimResult> {
  const { results } = await coordinator.claim([request]);
  return results[0]!;
}

describe('RedisCoordinator: timetable agreement', () => {
  it('stores the first registration and makes later ones adopt its anchor', async () => {
    const [a, b] = pair('anchor');
    const first = await a.register(spec({ firstRun: 5_000 }));
    const second = await b.register(spec({ firstRun: 9_000 }));
    expect(first).toMatchObject({ epoch: 1, anchor: 5_000, status: 'active', runCount: 0 });
    expect(second).toMatchObject({ epoch: 1, anchor: 5_000, specMatches: true });
  });

  it("anchors at Redis's clock when there is no firstRun", async () => {
    const [a] = pair('redis-time');
    const [seconds, micros] = (await redis.time()) as unknown as [string, string];
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const state = await a.register(spec());
    expect(Math.abs(state.anchor - redisNow)).toBeLessThan(1_000);
  });

  it('keeps the stored options on a mismatch and warns once per key', async () => {
    const logger = { warn: vi.fn() };
    const [a, b] = pair('mismatch', logger);
    await a.register(spec());
    const state = await b.register(spec({ spec: '{"interval":2000}' }));
    await b.register(spec({ spec: '{"interval":2000}' }));
    expect(state.specMatches).toBe(false);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('warns a pino logger pino’s way: the key as a field, the text as the message', async () => {
    const lines: string[] = [];
    const logger = pino({ base: null }, { write: (line: string) => lines.push(line) });
    const [a, b] = pair('mismatch-pino', logger);
    await a.register(spec());
    await b.register(spec({ spec: '{"interval":2000}' }));
    const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warnings).toMatchObject([{ level: 40, key: 'job' }]);
    expect(String(warnings[0]?.['msg'])).toContain('registered in the cluster with other options');
  });

  it('starts a new epoch on restart, anchored now unless firstRun is still ahead', async () => {
    const [a] = pair('restart');
    await a.register(spec({ firstRun: 5_000 }));
    await claimOne(a, claim({ plannedAt: 5_000 }));
    const restarted = await a.restart(spec({ firstRun: 5_000 }));
    expect(restarted).toMatchObject({ epoch: 2, runCount: 0, lastPlannedAt: undefined });
    expect(restarted.anchor).toBeGreaterThan(5_000);
    const ahead = Date.now() + 60_000;
    expect((await a.restart(spec({ firstRun: ahead }))).anchor).toBe(ahead);
  });
});

describe('RedisCoordinator: claims', () => {
  it('grants each planned run to exactly one instance, never an earlier one, and counts runs', async () => {
    const [a, b] = pair('claims');
    await a.register(spec());
    expect(await claimOne(a, claim({ plannedAt: 1_000 }))).toMatchObject({ won: true, runCount: 1 });
    expect(await claimOne(b, claim({ plannedAt: 1_000 }))).toMatchObject({
      won: false,
      reason: 'taken',
      runCount: 1,
    });
    expect(await claimOne(b, claim({ plannedAt: 500 }))).toMatchObject({ won: false, reason: 'taken' });
    expect(await claimOne(b, claim({ plannedAt: 2_000 }))).toMatchObject({ won: true, runCount: 2 });
    expect((await a.state('job'))?.lastPlannedAt).toBe(2_000);
  });

  it('refuses claims beyond `runs`', async () => {
    const [a, b] = pair('runs');
    await a.register(spec());
    expect(await claimOne(a, claim({ plannedAt: 1, runs: 2 }))).toMatchObject({ won: true, runCount: 1 });
    expect(await claimOne(b, claim({ plannedAt: 2, runs: 2 }))).toMatchObject({ won: true, runCount: 2 });
    expect(await claimOne(a, claim({ plannedAt: 3, runs: 2 }))).toMatchObject({
      won: false,
      reason: 'exhausted',
      runCount: 2,
    });
  });

  it('answers stale, stopped and removed once the task changed elsewhere', async () => {
    const [a, b] = pair('status');
    await a.register(spec());
    await b.restart(spec());
    expect(await claimOne(a, claim({ epoch: 1 }))).toMatchObject({ won: false, reason: 'stale' });
    await b.stop('job');
    expect(await claimOne(a, claim({ epoch: 2 }))).toMatchObject({ won: false, reason: 'stopped' });
    await b.remove('job');
    expect(await claimOne(a, claim({ epoch: 2 }))).toMatchObject({ won: false, reason: 'removed' });
    expect(await a.state('job')).toBeUndefined();
  });

  it('keeps a removed task as a tombstone: a new registration starts it afresh in a new epoch', async () => {
    const [a, b, prefix] = pair('tombstone');
    await a.register(spec());
    await claimOne(a, claim({ plannedAt: 1_000 }));
    await a.remove('job');
    expect(await redis.pTTL(new RedisKeys(prefix).task('job'))).toBeGreaterThan(0);
    const fresh = await b.register(spec({ firstRun: 7_000 }));
    expect(fresh).toMatchObject({ epoch: 2, anchor: 7_000, runCount: 0, status: 'active' });
    expect(await redis.pTTL(new RedisKeys(prefix).task('job'))).toBe(-1);
  });

  it('answers lost, not removed, when the state vanished (Redis lost its data)', async () => {
    const [a, , prefix] = pair('lost');
    await a.register(spec());
    await redis.del(new RedisKeys(prefix).task('job'));
    expect(await claimOne(a, claim())).toMatchObject({ won: false, reason: 'lost' });
  });

  it('fails fast with CoordinatorUnavailableError when the client is not connected', async () => {
    const [a, , prefix] = pair('offline');
    const offline = await connectRedis();
    offline.destroy();
    const down = new RedisCoordinator({ client: offline, prefix, logger: quiet });
    coordinators.push(down);
    await a.register(spec());
    await expect(claimOne(down, claim())).rejects.toBeInstanceOf(CoordinatorUnavailableError);
  });
});

describe('RedisCoordinator: the lease of an exclusive run', () => {
  it('keeps another instance off the task while the run goes, renewed past its ttl', async () => {
    const [a, b] = pair('lease');
    await a.register(spec());
    const held = await claimOne(a, claim({ plannedAt: 1, exclusive: true, leaseMs: 150 }));
    expect(held.won).toBe(true);
    await sleep(400); // more than two lease periods: only renewals keep it
    expect(await claimOne(b, claim({ plannedAt: 2, exclusive: true }))).toMatchObject({
      won: false,
      reason: 'busy',
    });
    // A planned run refused as busy is consumed for everyone.
    expect(await claimOne(a, claim({ plannedAt: 2, exclusive: true }))).toMatchObject({ reason: 'taken' });
    if (held.won) held.release();
    await a.claim([]); // the release travels with the holder's next claim call
    expect(await claimOne(b, claim({ plannedAt: 3, exclusive: true }))).toMatchObject({ won: true });
  });

  it('lapses when its holder dies, so the next planned run goes elsewhere', async () => {
    const [a, , prefix] = pair('lease-death');
    const doomedClient = await connectRedis();
    const doomed = new RedisCoordinator({ client: doomedClient, prefix, logger: quiet });
    coordinators.push(doomed);
    await a.register(spec());
    expect(await claimOne(doomed, claim({ plannedAt: 1, exclusive: true, leaseMs: 150 }))).toMatchObject({
      won: true,
    });
    doomedClient.destroy(); // renewals now fail: as if the process died
    await sleep(300);
    expect(await claimOne(a, claim({ plannedAt: 2, exclusive: true }))).toMatchObject({ won: true });
  });
});
