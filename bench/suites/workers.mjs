/**
 * Issue 4: the cost of sending a run to a worker, and what workers buy the event loop.
 *
 * 1. Dispatch overhead, measured through the runner directly (the `Runner` the scheduler calls for a
 *    THREAD/PROCESS run: request building, our queue, abort wiring, the worker's import cache and
 *    response), not through timers, so that the figure is the dispatch and not a timer's granularity:
 *    - THREAD vs a raw piscina `run()` of the same trivial function, same pool size;
 *    - PROCESS vs a raw IPC round trip (`process.send` → echo → `message`) to a warm forked child.
 *    Latency = one run at a time (p50, p99); throughput = 64 runs kept in flight.
 * 2. Event-loop responsiveness: an ASYNC task every 10 ms, its lateness while two tasks each burn
 *    500 ms of CPU per run, once as THREAD tasks and once as ASYNC tasks (the contrast).
 *
 * The job modules are written to a temporary directory (a suite directory may only hold suites).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Piscina } from 'piscina';
import Tinypool from 'tinypool';

import { Scheduler } from '../../dist/index.js';
import { Runners } from '../../dist/runners/runners.js';
import { median, percentile } from '../lib/stats.mjs';
import { formatFigure, printTable } from '../lib/table.mjs';

const SEQUENTIAL = 3_000;
const CONCURRENT = 20_000;
const IN_FLIGHT = 64;
const WARM_UP = 300;
const ROUNDS = 5;
const POOL = Math.max(1, availableParallelism() - 1); // our default max, given to both sides

const dir = mkdtempSync(join(tmpdir(), 'crontainer-bench-workers-'));
const write = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const jobPath = write(
  'job.mjs',
  `export function trivial(ctx, n) { return n + 1; }
export default function piscinaTrivial(n) { return n + 1; }
export function tinypoolTrivial(n) { return n + 1; }
export function burn(ctx, ms) { const end = Date.now() + ms; while (Date.now() < end && !ctx.signal.aborted); return ms; }\n`,
);
const echoPath = write('echo-child.mjs', `process.on('message', (message) => process.send(message));\n`);
const jobUrl = pathToFileURL(jobPath).href;

/** Sequential latency samples (µs per round trip) of `once`, `count` runs. */
async function latencies(once, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await once(i);
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

/** Runs per second with IN_FLIGHT runs kept going, `count` runs. */
async function throughput(once, count) {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) await once(next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return count / ((performance.now() - started) / 1000);
}

/**
 * Latency and throughput of ours and raw, interleaved in ROUNDS (ours, raw, ours, raw …) so that a
 * noisy moment on a shared machine does not land on one side only. p50/p99 over all samples; runs/s is
 * the median of the rounds.
 */
async function compare(ours, raw) {
  for (let i = 0; i < WARM_UP; i++) {
    await ours(i);
    await raw(i);
  }
  const samples = { ours: [], raw: [] };
  const rates = { ours: [], raw: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, once] of [
      ['ours', ours],
      ['raw', raw],
    ]) {
      samples[side].push(...(await latencies(once, SEQUENTIAL / ROUNDS)));
      rates[side].push(await throughput(once, CONCURRENT / ROUNDS));
    }
  }
  const summary = (side) => ({
    p50: percentile(samples[side], 0.5),
    p99: percentile(samples[side], 0.99),
    perSecond: median(rates[side]),
  });
  return { ours: summary('ours'), raw: summary('raw') };
}

/** One run through the runner, with its own AbortController and context, as the scheduler makes them. */
function viaRunner(runner, exportName) {
  const target = { kind: 'module', url: jobUrl, exportName };
  return (i) => {
    const { signal } = new AbortController();
    return runner.run({
      target,
      context: { app: undefined, key: 'bench', runNumber: i + 1, scheduledAt: new Date(), signal },
      args: [i],
    });
  };
}

// --- THREAD vs raw piscina -------------------------------------------------------------------------
const runners = new Runners({
  threads: { min: POOL, max: POOL },
  processes: { min: POOL, max: POOL },
});
const piscina = new Piscina({ filename: jobPath, minThreads: POOL, maxThreads: POOL });
const thread = await compare(viaRunner(runners.get('THREAD'), 'trivial'), (i) => piscina.run(i));
await piscina.destroy();

// --- PROCESS vs raw fork IPC -----------------------------------------------------------------------
const child = fork(echoPath, { serialization: 'advanced' });
await new Promise((resolve) => child.once('spawn', resolve));
const waiting = new Map();
child.on('message', (message) => {
  waiting.get(message.id)?.(message.n + 1);
  waiting.delete(message.id);
});
let ids = 0;
const echo = (n) =>
  new Promise((resolve) => {
    const id = ids++;
    waiting.set(id, resolve);
    child.send({ id, n });
  });
const processes = await compare(viaRunner(runners.get('PROCESS'), 'trivial'), echo);
child.kill();
// The library under our PROCESS runner, same settings, to show which part of the gap is ours.
const tinypool = new Tinypool({
  runtime: 'child_process',
  filename: jobPath,
  name: 'tinypoolTrivial',
  minThreads: POOL,
  maxThreads: POOL,
  serialization: 'advanced',
});
const viaTinypool = await compare(viaRunner(runners.get('PROCESS'), 'trivial'), (i) => tinypool.run(i));
await tinypool.destroy();
await runners.close();

const dispatchRows = (ours, raw, scenario) => [
  { scenario, metric: 'round trip p50 (µs)', values: { crontainer: ours.p50, raw: raw.p50 } },
  { scenario, metric: 'round trip p99 (µs)', values: { crontainer: ours.p99, raw: raw.p99 } },
  {
    scenario,
    metric: `runs/s, ${IN_FLIGHT} in flight`,
    values: { crontainer: ours.perSecond, raw: raw.perSecond },
  },
];
printTable({
  title:
    `Dispatch overhead: a trivial function, ${SEQUENTIAL.toLocaleString('en-US')} sequential + ` +
    `${CONCURRENT.toLocaleString('en-US')} concurrent runs per side, ${ROUNDS} interleaved rounds, pool of ${POOL}`,
  peers: ['raw'],
  rows: [
    ...dispatchRows(thread.ours, thread.raw, 'THREAD vs piscina run()'),
    ...dispatchRows(processes.ours, processes.raw, 'PROCESS vs fork IPC echo'),
    ...dispatchRows(viaTinypool.ours, viaTinypool.raw, 'PROCESS vs tinypool run()'),
  ],
  notes: [
    'µs: lower is better; runs/s: higher is better. Ratio = crontainer ÷ raw.',
    'crontainer is measured through its THREAD/PROCESS runner (what the scheduler calls per run), not through timers.',
    "raw piscina uses its defaults (`atomics: 'sync'`); ours uses 'disabled', so a service's own timers keep running between runs.",
    'raw fork IPC: one warm child echoing with `serialization: advanced` (as ours), no pool, no function call.',
    'raw tinypool: its `child_process` runtime with our settings: the pool our PROCESS runner is built on.',
    'crontainer rows include the per-run AbortController and context the scheduler makes for every run.',
  ],
});
const within = (ours, raw) => ours.p50 <= 1.5 * raw.p50;
console.log(
  `Target: within 1.5× of raw p50 → THREAD ${within(thread.ours, thread.raw) ? 'met' : 'MISSED'} ` +
    `(${formatFigure(thread.ours.p50 / thread.raw.p50)}×), PROCESS ` +
    `${within(processes.ours, processes.raw) ? 'met' : 'MISSED'} (${formatFigure(processes.ours.p50 / processes.raw.p50)}×).\n`,
);

// --- Event-loop responsiveness ---------------------------------------------------------------------
const TICK = 10;
const BURN = 500;
const WINDOW = 4_000;
const SETTLE = 700; // the workers start and the first burns begin before lateness counts

/** p99/max lateness of an ASYNC 10 ms task while two tasks of `runType` burn the CPU. */
async function responsiveness(runType) {
  const scheduler = new Scheduler({ workers: { threads: { min: 2, max: 2 } } });
  const lateness = [];
  const from = Date.now() + SETTLE;
  const burner =
    runType === 'THREAD'
      ? { module: jobUrl, export: 'burn' }
      : (ctx, ms) => {
          const end = Date.now() + ms;
          while (Date.now() < end);
          return ms;
        };
  let burns = 0;
  scheduler.on('taskSuccess', (task) => {
    if (task.key.startsWith('burn')) burns += 1;
  });
  for (const key of ['burn-1', 'burn-2']) {
    scheduler.add(burner, { key, runType, interval: BURN, args: [BURN] });
  }
  scheduler.add(
    (ctx) => {
      const now = Date.now();
      if (now >= from) lateness.push(now - ctx.scheduledAt.getTime());
    },
    { key: 'tick', interval: TICK },
  );
  await new Promise((resolve) => setTimeout(resolve, SETTLE + WINDOW));
  await scheduler.close({ timeout: 2_000 });
  return {
    p50: percentile(lateness, 0.5),
    p99: percentile(lateness, 0.99),
    max: Math.max(...lateness),
    ticks: lateness.length,
    burns,
  };
}

const inThreads = await responsiveness('THREAD');
const inLoop = await responsiveness('ASYNC');
const scenario = `tick every ${TICK} ms + 2 × ${BURN} ms burns`;
const row = (metric, field, ratio = true) => ({
  scenario,
  metric,
  values: { crontainer: inThreads[field], 'as ASYNC': inLoop[field] },
  ratio,
});
printTable({
  title: `Event-loop responsiveness over ${WINDOW / 1000} s: burners as THREAD tasks (crontainer) vs the same as ASYNC tasks`,
  peers: ['as ASYNC'],
  rows: [
    row('tick lateness p50 (ms)', 'p50'),
    row('tick lateness p99 (ms)', 'p99'),
    row('tick lateness max (ms)', 'max'),
    row('ticks run', 'ticks', false),
    row('burns completed', 'burns', false),
  ],
  notes: [
    'Lateness: lower is better. Ratio = THREAD ÷ ASYNC. Lateness = tick start − its planned time (ms resolution).',
    `${availableParallelism()} core(s): two burning threads and the event loop share them.`,
  ],
});
console.log(
  `Target: p99 tick lateness < 5 ms with THREAD burners → ${inThreads.p99 < 5 ? 'met' : 'MISSED'}.\n`,
);

rmSync(dir, { recursive: true, force: true });
