/**
 * A throwaway Redis Cluster for the tests: three `redis-server --cluster-enabled yes` masters on
 * loopback ports (no replicas, nothing kept on disk but their node files in a temporary folder),
 * joined with `redis-cli --cluster create`. `stop()` ends the servers and deletes the folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createCluster } from 'redis';

const run = promisify(execFile);
const NODES = 3;

function makeCluster(port: number) {
  return createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${port}` }] });
}

export type ClusterClient = ReturnType<typeof makeCluster>;

export interface RedisClusterServers {
  readonly ports: readonly number[];
  /** A connected `createCluster` client (its errors are swallowed: the tests look at results). */
  connect(): Promise<ClusterClient>;
  stop(): Promise<void>;
}

/** Whether nothing listens on `port` (127.0.0.1) and on its cluster bus port (+10000). */
async function free(port: number): Promise<boolean> {
  const probe = (p: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => {
        resolve(false);
      });
      server.listen(p, '127.0.0.1', () => {
        server.close(() => {
          resolve(true);
        });
      });
    });
  return (await probe(port)) && (await probe(port + 10_000));
}

/** The first base port from `from` (by steps of NODES) whose NODES ports are all free. */
async function freeBase(from: number): Promise<number> {
  for (let base = from; base < from + 300; base += NODES) {
    const ports = Array.from({ length: NODES }, (_, i) => base + i);
    if ((await Promise.all(ports.map(free))).every(Boolean)) return base;
  }
  throw new Error(`no ${NODES} free ports from ${from}`);
}

async function clusterState(port: number): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
    return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
  } catch {
    return 'down';
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`Redis Cluster: ${what} took more than ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRedisCluster(fromPort = 7100): Promise<RedisClusterServers> {
  const base = await freeBase(fromPort);
  const ports = Array.from({ length: NODES }, (_, i) => base + i);
  const dir = mkdtempSync(join(tmpdir(), 'crontainer-cluster-'));
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '2000',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    ),
  );
  const clients: ClusterClient[] = [];
  const stop = async (): Promise<void> => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) resolve();
            else {
              server.once('exit', () => {
                resolve();
              });
              server.kill('SIGKILL');
            }
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => (await Promise.all(ports.map(clusterState))).every((state) => state !== 'down'),
      'starting the servers',
    );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitFor(
      async () => (await Promise.all(ports.map(clusterState))).every((state) => state === 'ok'),
      'agreeing on the slots',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    async connect() {
      const client = makeCluster(base);
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
    stop,
  };
}
