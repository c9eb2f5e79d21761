import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

import { createClient } from 'redis';

export const REDIS_URL = 'redis://127.0.0.1:6379';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = fileURLToPath(new URL('./fixtures/app.mjs', import.meta.url));

function makeClient(url: string) {
  return createClient({ url });
}

export type Client = ReturnType<typeof makeClient>;

/** A connected client of the shared test Redis. */
export async function connectRedis(url = REDIS_URL): Promise<Client> {
  const client = makeClient(url);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A key prefix no other test (or earlier run) uses. */
export function uniquePrefix(name: string): string {
  return `crontainer-test:${name}:${process.pid}:${Date.now().toString(36)}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function deleteKeys(client: Client, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    if (keys.length > 0) await client.del(keys);
  }
}

/** Builds dist/ when it is missing (`npm test` builds before vitest; a lone `vitest run` may not). */
export function ensureBuilt(): void {
  if (existsSync(`${ROOT}dist/redis.js`)) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** What an app process printed: one JSON object per line. */
export interface AppEvent {
  readonly event: string;
  readonly pid: number;
  readonly plannedAt?: number;
  readonly runCount?: number;
}

/** A running instance of test/cluster/fixtures/app.mjs. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly events: AppEvent[];
  /** Resolves when the process exited (whatever the cause). */
  readonly exited: Promise<number | null>;
}

/** Starts one app instance with the given environment (PREFIX, INTERVAL, RUNS, DURATION, REDIS_URL). */
export function startApp(env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, [APP], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: AppEvent[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as AppEvent);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return { child, events, exited };
}

/** Resolves once every app printed `ready` (startup takes about a second per process under load). */
export async function allReady(apps: readonly AppProcess[]): Promise<void> {
  while (!apps.every((app) => app.events.some((event) => event.event === 'ready'))) await sleep(25);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A loopback TCP proxy in front of Redis, so a test can cut every connection through it (and refuse
 * new ones) for a while without touching the shared redis-server.
 */
export class RedisProxy {
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(6379, '127.0.0.1');
      for (const socket of [inbound, outbound]) {
        this.#sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.#sockets.delete(socket);
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Destroys every connection and stops listening, as if Redis went away. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      if (server === undefined) resolve();
      else
        server.close(() => {
          resolve();
        });
    });
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
}

/** Planned times sorted, and the gaps between consecutive ones that are not exactly one period. */
export function gridReport(times: readonly number[], period: number): { duplicates: number; gaps: number[] } {
  const sorted = [...times].sort((a, b) => a - b);
  let duplicates = 0;
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const step = sorted[i]! - sorted[i - 1]!;
    if (step === 0) duplicates += 1;
    else if (step !== period) gaps.push(step);
  }
  return { duplicates, gaps };
}
