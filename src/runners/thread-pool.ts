import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';

import { Piscina } from 'piscina';

import type { WorkerPool } from './pool-runner.js';
import { WORKER_EXPORT, type WorkerResponse } from './protocol.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';
import { workerPath } from './worker-location.js';

/**
 * THREAD runs: a piscina pool of worker threads. Aborts are announced on a BroadcastChannel that every
 * thread of the pool hears (the run id says which run), because piscina does not say which thread took
 * a task; terminating is piscina's own `signal`, which ends the thread running that task.
 */
export function createThreadPool(settings: ResolvedWorkerSettings): WorkerPool {
  const abortChannel = `crontainer:abort:${randomUUID()}`;
  const announcer = new BroadcastChannel(abortChannel);
  announcer.unref();
  const piscina = new Piscina<unknown, WorkerResponse>({
    filename: workerPath(),
    name: WORKER_EXPORT,
    minThreads: settings.threads.min,
    maxThreads: settings.threads.max,
    idleTimeout: settings.idleTimeout,
    ...(settings.threads.resourceLimits === undefined
      ? {}
      : { resourceLimits: settings.threads.resourceLimits }),
    // Tasks arrive as plain port messages, so a thread's event loop keeps turning between runs and a
    // service's own timers still fire ('sync' parks the thread in Atomics.wait until the next task);
    // measured no slower than 'async' here (bench/suites/workers.mjs).
    atomics: 'disabled',
  });
  return {
    abortChannel,
    dispatch(request, kill) {
      return {
        response: piscina.run(request, { signal: kill }),
        abort(message) {
          announcer.postMessage(message);
        },
      };
    },
    async destroy() {
      try {
        await piscina.destroy();
      } finally {
        announcer.close();
      }
    },
  };
}
