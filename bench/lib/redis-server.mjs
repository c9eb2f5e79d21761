/**
 * A redis-server of the benchmark's own, on a free loopback port, so that `INFO commandstats` and
 * `INFO cpu` count only what the measured library did (the shared Redis on 6379 serves the tests of
 * everyone working on the machine). Nothing is kept on disk; `stop()` ends it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { createClient } from 'redis';

async function freePort(from) {
  for (let port = from; port < from + 200; port += 1) {
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

export async function startRedisServer(from = 6400) {
  const port = await freePort(from);
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  let admin;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      admin = createClient({ url, socket: { reconnectStrategy: false } });
      admin.on('error', () => {});
      await admin.connect();
      break;
    } catch {
      admin = undefined;
      await sleep(50);
    }
  }
  if (admin === undefined) throw new Error(`redis-server on ${port} did not start`);
  return {
    url,
    port,
    admin,
    /** Script calls (EVALSHA + EVAL), all commands, and CPU seconds (user + sys) so far. */
    async usage() {
      const [stats, cpu] = await Promise.all([admin.info('commandstats'), admin.info('cpu')]);
      let scripts = 0;
      let commands = 0;
      for (const match of stats.matchAll(/cmdstat_(\w+):calls=(\d+)/g)) {
        const calls = Number(match[2]);
        commands += calls;
        if (match[1] === 'evalsha' || match[1] === 'eval') scripts += calls;
      }
      const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
      return { scripts, commands, cpuSeconds: field('used_cpu_user') + field('used_cpu_sys') };
    },
    async reset(hz = 10) {
      await admin.flushAll();
      await admin.configSet('hz', String(hz));
      await admin.sendCommand(['CONFIG', 'RESETSTAT']);
    },
    async stop() {
      admin.destroy();
      server.kill('SIGKILL');
      await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve()));
    },
  };
}

/**
 * Spawns `node script args`: `ready` resolves when it prints a `ready` line, `result` with the last
 * line it printed (JSON), or `undefined` when it was SIGKILLed.
 */
export function spawnChild(script, args) {
  const child = spawn(process.execPath, [script, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady;
  const ready = new Promise((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk;
    if (/^ready$/m.test(out)) markReady();
  });
  const result = new Promise((resolve, reject) => {
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop();
      if (code === 0 && last) resolve(JSON.parse(last));
      else if (signal === 'SIGKILL') resolve(undefined);
      else reject(new Error(`${script} failed (${signal ?? code})`));
    });
  });
  return { child, result, ready };
}
