/**
 * One BullMQ worker process of the cluster benchmark, on BullMQ's default driver (ioredis). The job
 * schedulers are made by the parent; this process reports, for the jobs planned in
 * [startAt, startAt + duration), which ones it ran, how late, and its CPU time in that window.
 */
import { Worker } from 'bullmq';

const [port, queueName, startArg, durationArg] = process.argv.slice(2);
const startAt = Number(startArg);
const end = startAt + Number(durationArg);

const ran = [];
const lateness = [];
const worker = new Worker(
  queueName,
  async (job) => {
    const planned = job.timestamp + (job.opts.delay ?? 0);
    if (planned < startAt || planned >= end) return;
    ran.push(`${job.data.i}:${planned}`);
    lateness.push(Math.round((Date.now() - planned) * 10) / 10);
  },
  { connection: { host: '127.0.0.1', port: Number(port) }, concurrency: 200 },
);
worker.on('error', () => {});
await worker.waitUntilReady();
setTimeout(() => process.exit(2), end - Date.now() + 20_000).unref();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
const cpuAtStart = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - Date.now())));
const cpu = process.cpuUsage(cpuAtStart);
await new Promise((resolve) => setTimeout(resolve, 500));
await worker.close();
process.stdout.write(`${JSON.stringify({ ran, lateness, cpuUs: cpu.user + cpu.system })}\n`);
