/**
 * vitest's global setup: the cluster tests need Redis on 127.0.0.1:6379. When it does not answer, one
 * attempt is made to start a throwaway `redis-server` there (it keeps nothing on disk and is stopped
 * after the run); when that is impossible the run stops at once with one line that says what to
 * install, instead of every cluster test timing out in its hooks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const REDIS = { host: '127.0.0.1', port: 6379 } as const;

/** Whether something answers Redis's PING on the port within `ms`. */
function redisAnswers(ms = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(REDIS);
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(ms, () => {
      done(false);
    });
    socket.on('error', () => {
      done(false);
    });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      done(data.toString().startsWith('+PONG'));
    });
  });
}

function startRedis(): ChildProcess | undefined {
  const server = spawn(
    'redis-server',
    ['--bind', REDIS.host, '--port', String(REDIS.port), '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  server.on('error', () => undefined); // ENOENT: not installed; redisAnswers() tells.
  return server.pid === undefined ? undefined : server;
}

let started: ChildProcess | undefined;

export async function setup(): Promise<void> {
  if (await redisAnswers()) return;
  started = startRedis();
  for (let attempt = 0; started !== undefined && attempt < 50; attempt += 1) {
    if (await redisAnswers()) return;
    await sleep(100);
  }
  started?.kill();
  throw new Error(
    `The cluster tests need Redis on ${REDIS.host}:${REDIS.port}, which does not answer and could not be ` +
      'started: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or start it.',
  );
}

export function teardown(): void {
  started?.kill();
}
