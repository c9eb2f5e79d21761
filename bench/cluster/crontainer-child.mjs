/**
 * One crontainer instance of the cluster benchmark: registers `tasks` tasks (the same keys in every
 * instance) every `interval` ms from `startAt`, all due together (`aligned`) or spread over the
 * interval (`spread`), the timetables starting `warmup` ms before the window, and reports, for the
 * runs planned in [startAt, startAt + duration): which
 * planned runs it executed (task × slot), their lateness, and its CPU time in that window.
 */
import { createClient } from 'redis';

import { Scheduler } from '../../dist/index.js';
import { RedisCoordinator } from '../../dist/redis.js';

const [url, prefix, tasksArg, intervalArg, startArg, durationArg, layout, warmupArg] = process.argv.slice(2);
const tasks = Number(tasksArg);
const interval = Number(intervalArg);
const startAt = Number(startArg);
const end = startAt + Number(durationArg);

const client = createClient({ url });
client.on('error', () => {});
await client.connect();
const scheduler = new Scheduler({ coordinator: new RedisCoordinator({ client, prefix }) });
let errors = 0;
scheduler.on('coordinatorError', () => (errors += 1));
const slots = [];
const lateness = [];
const phase = (i) => (layout === 'spread' ? Math.floor((i * interval) / tasks) : 0);
// The timetables start `warmup` ms before the window: an instance that registers a task after
// another learns of the other's holding from its first claim, so the first round costs extra claims.
const warmup = Number(warmupArg ?? 0);
for (let i = 0; i < tasks; i += 1) {
  const firstRun = startAt - warmup + phase(i);
  // add, not asyncAdd: registration goes on in the background, and only runs from startAt count.
  scheduler.add(
    (ctx) => {
      const planned = ctx.scheduledAt.getTime();
      if (planned < startAt || planned >= end) return;
      slots.push(i * 1_000_000 + Math.round((planned - firstRun) / interval));
      lateness.push(Math.round((Date.now() - planned) * 10) / 10);
    },
    { key: `t${i}`, interval, firstRun },
  );
}
// A child that cannot finish (an overloaded Redis) must not hang the benchmark.
setTimeout(() => process.exit(2), end - Date.now() + 20_000).unref();
await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
const cpuAtStart = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, end - Date.now()));
const cpu = process.cpuUsage(cpuAtStart);
await new Promise((resolve) => setTimeout(resolve, 300));
await scheduler.close();
client.destroy();
process.stdout.write(`${JSON.stringify({ slots, lateness, errors, cpuUs: cpu.user + cpu.system })}\n`);
