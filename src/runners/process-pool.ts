import Tinypool from 'tinypool';

import type { WorkerPool } from './pool-runner.js';
import { WORKER_EXPORT, type AbortMessage, type WorkerResponse } from './protocol.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';
import { workerPath } from './worker-location.js';

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
    destroy() {
      return pool.destroy();
    },
  };
}
