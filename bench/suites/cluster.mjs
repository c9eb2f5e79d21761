/**
 * Issue 13: what cluster mode costs Redis and how much of the timetable it executes, beside BullMQ's
 * job schedulers on the same work and the same Redis.
 *
 * 1. Growth: 500 tasks every second on 1, 2, 3 and 5 instances: script calls and Redis CPU per planned
 *    run (from `INFO commandstats` and `INFO cpu` over the window), tasks spread over the second and
 *    all due together.
 * 2. Load: 3 instances × 1,000 and × 2,000 tasks every 100 ms: % of planned runs executed, duplicates,
 *    lateness, Redis and instance cost per planned run; BullMQ (3 worker processes, one job scheduler
 *    `every: 100` per task) at Redis's default `hz 10` and at `hz 100`.
 * 3. An instance SIGKILLed: how soon its tasks run elsewhere, against its membership lease.
 *
 * Each scenario gets a fresh redis-server of its own (bench/lib/redis-server.mjs), so that the figures
 * count nothing but the measured library. Needs the built library (`npm run bench` builds it).
 */
import { fileURLToPath } from 'node:url';

import { Queue } from 'bullmq';

import { MEMBER_LEASE_MS } from '../../dist/cluster/membership.js';
import { median, percentile } from '../lib/stats.mjs';
import { spawnChild, startRedisServer } from '../lib/redis-server.mjs';
import { printTable } from '../lib/table.mjs';

const CRONTAINER_CHILD = fileURLToPath(new URL('../cluster/crontainer-child.mjs', import.meta.url));
const BULLMQ_CHILD = fileURLToPath(new URL('../cluster/bullmq-child.mjs', import.meta.url));
const WINDOW_MS = 4_000;
/** Time for the children to start and register before the window opens. */
const LEAD_MS = 4_500;
/** The timetables start this long before the window (see crontainer-child.mjs). */
const WARMUP_MS = 1_500;

const redis = await startRedisServer();

/** Reads Redis's counters at the window's start and end; resolves with the difference. */
function measureWindow(startAt, duration) {
  const at = (time) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
  return (async () => {
    await at(startAt);
    const before = await redis.usage();
    await at(startAt + duration);
    const after = await redis.usage();
    return {
      scripts: after.scripts - before.scripts,
      commands: after.commands - before.commands,
      cpuUs: (after.cpuSeconds - before.cpuSeconds) * 1e6,
    };
  })();
}

/** Runs `instances` crontainer processes on `tasks` tasks; the figures of the window. */
async function crontainer({ instances, tasks, interval, layout = 'aligned', kill }) {
  await redis.reset();
  const startAt = Date.now() + LEAD_MS;
  const args = [redis.url, 'bench:', tasks, interval, startAt, WINDOW_MS, layout, WARMUP_MS];
  const children = Array.from({ length: instances }, () => spawnChild(CRONTAINER_CHILD, args));
  const usage = measureWindow(startAt, WINDOW_MS);
  let killedAt;
  if (kill !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, startAt + kill - Date.now()));
    killedAt = Date.now();
    children[0].child.kill('SIGKILL');
  }
  const results = (await Promise.all(children.map(({ result }) => result))).filter(Boolean);
  const slots = results.flatMap((result) => result.slots);
  const planned = (tasks * WINDOW_MS) / interval;
  const distinct = new Set(slots).size;
  return {
    planned,
    executed: distinct / planned,
    duplicates: slots.length - distinct,
    lateness: results.flatMap((result) => result.lateness),
    instanceCpuUs: results.reduce((sum, result) => sum + result.cpuUs, 0),
    runs: slots.length,
    usage: await usage,
    slots,
    startAt,
    killedAt,
  };
}

/** Runs BullMQ: 3 worker processes, one job scheduler per task. */
async function bullmq({ tasks, interval, hz }) {
  await redis.reset(hz);
  const connection = { host: '127.0.0.1', port: redis.port };
  const queue = new Queue('bench', { connection });
  // Schedulers first, then the workers: the window opens once all of them are producing.
  for (let i = 0; i < tasks; i += 1) {
    await queue.upsertJobScheduler(`t${i}`, { every: interval }, { name: 'tick', data: { i } });
  }
  const startAt = Date.now() + LEAD_MS;
  const workers = [1, 2, 3].map(() => spawnChild(BULLMQ_CHILD, [redis.port, 'bench', startAt, WINDOW_MS]));
  const usage = measureWindow(startAt, WINDOW_MS);
  const results = await Promise.all(workers.map(({ result }) => result));
  await queue.close();
  const ran = results.flatMap((result) => result.ran);
  const planned = (tasks * WINDOW_MS) / interval;
  const distinct = new Set(ran).size;
  return {
    planned,
    executed: distinct / planned,
    duplicates: ran.length - distinct,
    lateness: results.flatMap((result) => result.lateness),
    instanceCpuUs: results.reduce((sum, result) => sum + result.cpuUs, 0),
    runs: ran.length,
    usage: await usage,
  };
}

const perRun = (figures) => ({
  scripts: figures.usage.scripts / figures.planned,
  commands: figures.usage.commands / figures.planned,
  redisCpuUs: figures.usage.cpuUs / figures.planned,
});

try {
  // 1. Growth with the number of instances.
  const growth = [];
  for (const [layout, counts] of [
    ['spread', [1, 2, 3, 5]],
    ['aligned', [1, 5]],
  ]) {
    for (const instances of counts) {
      const figures = await crontainer({ instances, tasks: 500, interval: 1_000, layout });
      growth.push({ layout, instances, ...perRun(figures), executed: figures.executed * 100 });
    }
  }
  const growthRows = growth.flatMap(({ layout, instances, scripts, redisCpuUs, executed }) => [
    {
      scenario: `500 tasks/s, ${layout}, ${instances} inst.`,
      metric: 'script calls / planned run',
      values: { crontainer: scripts },
      ratio: false,
    },
    {
      scenario: `500 tasks/s, ${layout}, ${instances} inst.`,
      metric: 'Redis CPU µs / planned run',
      values: { crontainer: redisCpuUs },
      ratio: false,
    },
    {
      scenario: `500 tasks/s, ${layout}, ${instances} inst.`,
      metric: '% executed',
      values: { crontainer: executed },
      ratio: false,
    },
  ]);
  const ratio = (layout, field) => {
    const of = (n) => growth.find((row) => row.layout === layout && row.instances === n)?.[field];
    return of(5) / of(1);
  };
  printTable({
    title: 'Cluster mode: Redis cost as instances are added (own redis-server, loopback)',
    peers: [],
    rows: growthRows,
    notes: [
      'Lower is better. spread: the 500 tasks are due at different ms of the second; aligned: all at once.',
      `Growth 1 → 5 instances: script calls ×${ratio('spread', 'scripts').toFixed(2)} (spread), ×${ratio('aligned', 'scripts').toFixed(2)} (aligned); Redis CPU ×${ratio('spread', 'redisCpuUs').toFixed(2)} (spread), ×${ratio('aligned', 'redisCpuUs').toFixed(2)} (aligned).`,
      'Script calls include the membership heartbeats (4 per instance and second). Before issue 13 every instance claimed every run: N + 1 calls per planned run.',
    ],
  });

  // 2. Load, beside BullMQ.
  const rows = [];
  const loadRows = (scenario, figures, name) => {
    const cost = perRun(figures);
    const add = (metric, value, ratioShown = true) => {
      let row = rows.find((r) => r.scenario === scenario && r.metric === metric);
      if (row === undefined) rows.push((row = { scenario, metric, values: {}, ratio: ratioShown }));
      row.values[name] = value;
    };
    add('% of planned runs executed', figures.executed * 100, false);
    add('duplicates', figures.duplicates, false);
    add('lateness p50 (ms)', percentile(figures.lateness, 0.5));
    add('lateness p99 (ms)', percentile(figures.lateness, 0.99));
    add('script calls / planned run', cost.scripts);
    add('Redis commands (with those in scripts) / planned run', cost.commands);
    add('Redis CPU µs / planned run', cost.redisCpuUs);
    add('Redis CPU µs / executed run', figures.usage.cpuUs / Math.max(1, figures.runs));
    add('process CPU µs / executed run', figures.instanceCpuUs / Math.max(1, figures.runs));
  };
  for (const tasks of [1_000, 2_000]) {
    const scenario = `3 inst. × ${tasks} tasks @ 100 ms`;
    loadRows(scenario, await crontainer({ instances: 3, tasks, interval: 100 }), 'crontainer');
    if (tasks === 1_000) {
      loadRows(scenario, await bullmq({ tasks, interval: 100, hz: 10 }), 'BullMQ hz 10');
      loadRows(scenario, await bullmq({ tasks, interval: 100, hz: 100 }), 'BullMQ hz 100');
    }
  }
  printTable({
    title: 'Cluster mode under load, beside BullMQ job schedulers (same Redis, 3 processes)',
    peers: ['BullMQ hz 10', 'BullMQ hz 100'],
    rows,
    notes: [
      `Window ${WINDOW_MS / 1000} s. Lateness = start − planned time. Ratio = crontainer ÷ the best BullMQ figure (lower is better).`,
      'BullMQ: upsertJobScheduler(every: 100) per task, 3 Worker processes (concurrency 200, its default ioredis driver); its planned time is job.timestamp + delay.',
      'Commands count those scripts make too (INFO commandstats does); process CPU is the 3 processes’ CPU in the window.',
      'BullMQ was measured at 1,000 tasks only: at 2,000 it falls further behind and the run takes long.',
    ],
  });

  // 3. A SIGKILLed instance's tasks.
  const killAfter = 1_500;
  const killed = await crontainer({ instances: 3, tasks: 300, interval: 100, kill: killAfter });
  const byTask = new Map();
  for (const slot of killed.slots) {
    const task = Math.floor(slot / 1_000_000);
    const planned = killed.startAt - WARMUP_MS + (slot % 1_000_000) * 100;
    byTask.set(task, [...(byTask.get(task) ?? []), planned]);
  }
  // The killed instance's tasks: the survivors ran none of their last two planned runs before the kill.
  const delays = [];
  let lost = 0;
  for (let task = 0; task < 300; task += 1) {
    const times = byTask.get(task) ?? [];
    const before = Math.max(-Infinity, ...times.filter((time) => time < killed.killedAt));
    if (before >= killed.killedAt - 200) continue;
    const after = Math.min(Infinity, ...times.filter((time) => time >= killed.killedAt));
    delays.push(after - killed.killedAt);
    lost += Math.floor((after - killed.killedAt) / 100);
  }
  printTable({
    title: 'An instance SIGKILLed (3 inst. × 300 tasks @ 100 ms, killed 1.5 s into the window)',
    peers: [],
    rows: [
      { scenario: 'tasks it owned', metric: 'count', values: { crontainer: delays.length }, ratio: false },
      {
        scenario: 'kill → first run elsewhere',
        metric: 'median (ms)',
        values: { crontainer: median(delays) },
        ratio: false,
      },
      {
        scenario: 'kill → first run elsewhere',
        metric: 'max (ms)',
        values: { crontainer: Math.max(...delays) },
        ratio: false,
      },
      { scenario: 'its tasks', metric: 'planned runs lost', values: { crontainer: lost }, ratio: false },
      {
        scenario: 'survivors',
        metric: 'duplicates',
        values: { crontainer: killed.duplicates },
        ratio: false,
      },
    ],
    notes: [
      `Membership lease ${MEMBER_LEASE_MS} ms, renewed every ${MEMBER_LEASE_MS / 4} ms: a dead instance's tasks move at the first heartbeat after its lease lapsed; the runs planned before are lost (at-most-once).`,
    ],
  });
} finally {
  await redis.stop();
}
