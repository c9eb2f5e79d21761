import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';

import { Piscina } from 'piscina';

import type { WorkerPool } from './pool-runner.js';
import type { KillSwitch } from './kill-switch.js';
import { WORKER_EXPORT, type WorkerResponse } from './protocol.js';
import { createRunBoard, isRunning } from './run-board.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';
import { workerPath } from './worker-location.js';

/** How often a kill looks again for the thread of a run that has not started yet (a cold thread). */
const KILL_RETRY_MS = 100;

/**
 * THREAD runs: a piscina pool of worker threads. Aborts are announced on a BroadcastChannel that every
 * thread of the pool hears (the run id says which run), because piscina does not say which thread took
 * a task. A kill finds the run's thread on the run board and terminates it; piscina then fails the task
 * (the thread exited) and starts another thread when one is needed.
 */
export function createThreadPool(settings: ResolvedWorkerSettings): WorkerPool {
  const abortChannel = `crontainer:abort:${randomUUID()}`;
  const announcer = new BroadcastChannel(abortChannel);
  announcer.unref();
  const board = createRunBoard();
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
    workerData: { runBoard: board.buffer },
  });
  const terminateRun = (runId: number, settled: () => boolean): void => {
    if (settled()) return;
    const thread = piscina.threads.find((candidate) => isRunning(board, candidate.threadId, runId));
    if (thread !== undefined) {
      void thread.terminate();
      return;
    }
    // Not started yet (its thread is still booting): look again until it starts or settles.
    setTimeout(() => {
      terminateRun(runId, settled);
    }, KILL_RETRY_MS).unref();
  };
  return {
    abortChannel,
    dispatch(request, kill: KillSwitch) {
      let settled = false;
      const response = piscina.run(request).finally(() => {
        settled = true;
      });
      kill.once('abort', () => {
        terminateRun(request.runId, () => settled);
      });
      return {
        response,
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
