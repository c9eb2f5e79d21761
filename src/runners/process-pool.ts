import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

import Tinypool from 'tinypool';

import type { WorkerPool } from './pool-runner.js';
import { WORKER_EXPORT, type AbortMessage, type WorkerResponse } from './protocol.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';
import { workerPath } from './worker-location.js';

/** How long `destroy` waits for a dead child's pipes to close before giving up on them. */
const PIPE_CLOSE_WAIT = 1_000;

/**
 * Resolves once the dead child's pipes (IPC channel, stdin, stdout, stderr) are closed. tinypool's terminate
 * resolves on the child's `exit`, but its pipes close a moment later; `close()` promises no handle is
 * left, so it waits for them (bounded, so that a stuck pipe can never hang shutdown).
 */
async function pipesClosed(child: ChildProcess): Promise<void> {
  // 'close' comes after the exit and once stdio has ended; the IPC channel's end is 'disconnect'.
  const waits: Promise<unknown>[] = [once(child, 'close')];
  if (child.connected) waits.push(once(child, 'disconnect'));
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    if (stream !== null && !stream.closed) waits.push(once(stream, 'close'));
  }
  const cap = new AbortController();
  await Promise.race([
    Promise.all(waits),
    delay(PIPE_CLOSE_WAIT, undefined, { signal: cap.signal, ref: false }).catch(() => undefined),
  ]);
  cap.abort();
}

/**
 * PROCESS runs: tinypool with its `child_process` runtime, a pool of forked Node processes that load our
 * worker module. Three settings are not tinypool's defaults, on purpose:
 * - `serialization: 'advanced'`: args and results cross as structured clones (Date, Map, typed
 *   arrays…), as they do for threads; the default JSON would flatten them.
 * - `env: process.env`: without it the children start with an empty environment.
 * - a per-run `channel`: tinypool hands us a sender to the very child that took the run, and our abort
 *   message travels on it (untagged messages are passed through to `process.on('message')`).
 * Terminating is tinypool's `signal`: SIGTERM to that child, SIGKILL a second later; the pool forks a
 * replacement when its `min` size requires.
 */
export function createProcessPool(settings: ResolvedWorkerSettings): WorkerPool {
  const pool = new Tinypool({
    runtime: 'child_process',
    filename: workerPath(),
    name: WORKER_EXPORT,
    minThreads: settings.processes.min,
    maxThreads: settings.processes.max,
    idleTimeout: settings.idleTimeout,
    serialization: 'advanced',
    // tinypool types env as string values only; process.env merely allows `undefined` ones.
    env: process.env as Record<string, string>,
  });
  return {
    abortChannel: undefined,
    dispatch(request, kill) {
      let send: ((message: AbortMessage) => void) | undefined;
      const response = pool.run(request, {
        signal: kill,
        channel: {
          onMessage(sender: (message: AbortMessage) => void) {
            send = sender;
          },
        },
      }) as Promise<WorkerResponse>;
      return {
        response,
        abort(message) {
          send?.(message);
        },
      };
    },
    async destroy() {
      // tinypool does not type its workers' ChildProcess; it is there at runtime on every ProcessWorker.
      const children = pool.threads
        .map((worker) => (worker as { process?: ChildProcess }).process)
        .filter((child) => child !== undefined);
      // Listen before destroying: the pipes may close while destroy is still awaiting `exit`.
      const closed = children.map(pipesClosed);
      await pool.destroy();
      await Promise.all(closed);
    },
  };
}
