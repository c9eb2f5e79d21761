/**
 * `npm run demo:cluster`: two instances of the same app (examples/cluster-instance.ts) against the local
 * Redis, the second started a second after the first. Each prints the planned runs it executes; at the
 * end this launcher checks that no planned run executed on both. Needs Redis on 127.0.0.1:6379.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { createClient } from 'redis';

const INSTANCE = fileURLToPath(new URL('./cluster-instance.js', import.meta.url));
const PREFIX = `crontainer-demo:${String(Date.now())}:`;

interface Report {
  readonly instance: string;
  readonly executed: string[];
}

function startInstance(name: string, runForMs: number): Promise<Report> {
  const child = spawn(process.execPath, [INSTANCE], {
    env: { ...process.env, DEMO_INSTANCE: name, DEMO_PREFIX: PREFIX, DEMO_RUN_FOR_MS: String(runForMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter((text) => text !== '')) {
      if (line.startsWith('{')) last = line;
      else console.log(line);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(last) as Report);
      else reject(new Error(`${name} exited with code ${String(code)}`));
    });
  });
}

const first = startInstance('A', 9_000);
await new Promise((resolve) => setTimeout(resolve, 1_000));
const second = startInstance('B', 8_000);
const reports = await Promise.all([first, second]);

const all = reports.flatMap((report) => report.executed);
const twice = all.filter((time, index) => all.indexOf(time) !== index);
console.log('');
for (const report of reports) {
  console.log(`${report.instance} executed ${String(report.executed.length)} planned runs of Heartbeat.beat`);
}
console.log(
  twice.length === 0
    ? `No planned run executed twice (${String(all.length)} in total).`
    : `Planned runs executed twice: ${twice.join(', ')}`,
);

const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
await redis.connect();
for await (const keys of redis.scanIterator({ MATCH: `${PREFIX}*` })) {
  if (keys.length > 0) await redis.del(keys);
}
redis.destroy();
process.exitCode = twice.length === 0 ? 0 : 1;
