/**
 * Issue 6: what cluster mode costs. (1) The claim's overhead per run: µs per claim round trip (one Lua
 * script) against a raw `SET NX PX` round trip on the same connection, the cheapest possible lock.
 * (2) How many planned runs per second one Redis coordinates for 3 app processes that all claim every
 * planned run, against 3 processes doing nothing but raw `SET NX PX` claims.
 *
 * Needs the local Redis (127.0.0.1:6379) and the built library (`npm run build`). The same file is the
 * child process (`--child <mode> …`), so that no other script lands in bench/suites/.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { createClient } from 'redis';

import { Scheduler } from '../../dist/index.js';
import { RedisCoordinator } from '../../dist/redis.js';
import { percentile } from '../lib/stats.mjs';
import { printTable } from '../lib/table.mjs';

const REDIS_URL = 'redis://127.0.0.1:6379';
const PEER = 'raw SET NX';
const SELF = fileURLToPath(import.meta.url);
const PROCESSES = 3;

async function connect() {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function deleteKeys(client, prefix) {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.del(keys);
  }
}

// ---------------------------------------------------------------------------------------------------
// Children

/** Registers `tasks` tasks (same keys in every process) due from `startAt`; counts the runs it wins. */
async function loadChild([prefix, tasks, interval, startAt, duration]) {
  const client = await connect();
  const scheduler = new Scheduler({ coordinator: new RedisCoordinator({ client, prefix }) });
  let runs = 0;
  let errors = 0;
  const end = Number(startAt) + Number(duration);
  scheduler.on('coordinatorError', () => (errors += 1));
  const count = (ctx) => {
    const planned = ctx.scheduledAt.getTime();
    if (planned >= Number(startAt) && planned < end) runs += 1;
  };
  const options = (i) => ({ key: `t${i}`, interval: Number(interval), firstRun: Number(startAt) });
  // A child that cannot finish (an overloaded Redis) must not hang the whole bench run.
  setTimeout(() => process.exit(2), end - Date.now() + 20_000).unref();
  // add, not asyncAdd: registration goes on in the background, and only runs from startAt count.
  for (let i = 0; i < Number(tasks); i += 1) scheduler.add(count, options(i));
  await new Promise((resolve) => setTimeout(resolve, end - Date.now() + 300));
  await scheduler.close();
  client.destroy();
  process.stdout.write(`${JSON.stringify({ runs, errors })}\n`);
}

/** Raw `SET NX PX` claims, `concurrency` in flight, from `startAt` for `duration` ms. */
async function rawChild([prefix, concurrency, startAt, duration]) {
  const client = await connect();
  const end = Number(startAt) + Number(duration);
  let claims = 0;
  let sequence = 0;
  await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
  const worker = async () => {
    while (Date.now() < end) {
      sequence += 1;
      await client.set(`${prefix}${process.pid}:${sequence}`, '1', { NX: true, PX: 10_000 });
      claims += 1;
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  client.destroy();
  process.stdout.write(`${JSON.stringify({ claims })}\n`);
}

function runChildren(mode, args) {
  return Promise.all(
    Array.from(
      { length: PROCESSES },
      () =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [SELF, '--child', mode, ...args.map(String)], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.on('close', (code) =>
            code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(out)),
          );
        }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Parent

async function claimLatency(client, prefix) {
  const coordinator = new RedisCoordinator({ client, prefix });
  const spec = { key: 'latency', spec: '{}', firstRun: 0 };
  await coordinator.register(spec);
  const samples = { claim: [], exclusive: [], raw: [] };
  const request = (plannedAt, exclusive) => ({
    key: 'latency',
    epoch: 1,
    plannedAt,
    runs: undefined,
    exclusive,
    leaseMs: 30_000,
  });
  const N = 3_000;
  for (let i = 1; i <= N; i += 1) {
    let t = performance.now();
    await coordinator.claim(request(2 * i, false));
    samples.claim.push(performance.now() - t);
    t = performance.now();
    const won = await coordinator.claim(request(2 * i + 1, true));
    if (won.won) won.release();
    samples.exclusive.push(performance.now() - t);
    t = performance.now();
    await client.set(`${prefix}raw:${i}`, '1', { NX: true, PX: 60_000 });
    samples.raw.push(performance.now() - t);
  }
  await coordinator.close();
  const us = (list, p) => percentile(list.slice(N / 10), p) * 1000; // drop the warm-up tenth
  return { us, samples };
}

async function main() {
  const client = await connect();
  const prefix = `crontainer-bench:${process.pid}:`;
  try {
    const { us, samples } = await claimLatency(client, prefix);
    const loads = [];
    for (const tasks of [200, 1_000]) {
      const interval = 100;
      const duration = 4_000;
      const startAt = Date.now() + 3_000;
      const results = await runChildren('load', [
        `${prefix}load${tasks}:`,
        tasks,
        interval,
        startAt,
        duration,
      ]);
      const runs = results.reduce((sum, r) => sum + r.runs, 0);
      const planned = (tasks * duration) / interval;
      loads.push({ tasks, interval, perSecond: runs / (duration / 1000), coverage: runs / planned });
    }
    const rawStart = Date.now() + 1_500;
    const raw = await runChildren('raw', [`${prefix}rawload:`, 64, rawStart, 3_000]);
    const rawClaimsPerSecond = raw.reduce((sum, r) => sum + r.claims, 0) / 3;

    const rows = [
      { metric: 'µs p50', p: 0.5 },
      { metric: 'µs p99', p: 0.99 },
    ].flatMap(({ metric, p }) => [
      {
        scenario: 'claim round trip (1 Lua script)',
        metric,
        values: { crontainer: us(samples.claim, p), [PEER]: us(samples.raw, p) },
      },
      {
        scenario: "claim + lease release (overlap 'skip', 2 round trips)",
        metric,
        values: { crontainer: us(samples.exclusive, p), [PEER]: us(samples.raw, p) },
      },
    ]);
    for (const load of loads) {
      rows.push({
        scenario: `3 processes × ${load.tasks} tasks @ ${load.interval} ms`,
        metric: 'planned runs/s coordinated',
        values: { crontainer: load.perSecond, [PEER]: rawClaimsPerSecond / PROCESSES },
        ratio: load.coverage < 0.95,
      });
      rows.push({
        scenario: `3 processes × ${load.tasks} tasks @ ${load.interval} ms`,
        metric: '% of planned runs executed',
        values: { crontainer: load.coverage * 100 },
        ratio: false,
      });
    }
    printTable({
      title: 'Cluster mode on Redis (local redis-server, loopback)',
      peers: [PEER],
      rows,
      notes: [
        'µs: lower is better. runs/s: higher is better. Ratio = crontainer ÷ raw SET NX.',
        'Per planned run every instance sends one claim (EVALSHA); the winner of an exclusive run adds a ' +
          'release, plus one renewal per third of the lease while the run goes.',
        `raw SET NX runs/s = SET NX PX calls/s from ${PROCESSES} processes (64 in flight each) ÷ ${PROCESSES}, ` +
          'as every instance claims every run; its ratio is shown only where crontainer falls short of ' +
          'the planned load (otherwise the load, not Redis, is the limit).',
      ],
    });
  } finally {
    await deleteKeys(client, prefix);
    client.destroy();
  }
}

if (process.argv[2] === '--child') {
  const [mode, ...args] = process.argv.slice(3);
  await (mode === 'load' ? loadChild(args) : rawChild(args));
} else {
  await main();
}
