import type { ChildProcess } from 'node:child_process';

import Tinypool from 'tinypool';

import { WorkerError } from '../errors.js';
import { describeUserValue, isError, readError } from '../user-values.js';
import { ChildWatch } from './child-watch.js';
import type { WorkerErrorReport, WorkerPool } from './pool-runner.js';
import { WORKER_EXPORT, type AbortMessage, type WorkerResponse } from './protocol.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';
import { workerPath } from './worker-location.js';

/** What happened to a child, for a `WorkerError`: its exit, or else what tinypool said. */
function childFailure(child: ChildProcess | undefined, error: unknown): string {
  if (child !== undefined) {
    const how =
      child.signalCode === null
        ? `exited with code ${String(child.exitCode)}`
        : `was killed by ${child.signalCode}`;
    return `child process ${String(child.pid)} ${how}`;
  }
  return isError(error) ? readError(error).message : describeUserValue(error);
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
 *
 * A child that dies with no run of ours on it (it exited or threw after its run returned, or was
 * killed from outside) makes tinypool emit 'error'; without a listener that would end the app. It is
 * reported as a `WorkerError` instead. Every child is watched until it is gone (`ChildWatch`), so that
 * `destroy` also waits for children tinypool had already let go of.
 */
export function createProcessPool(settings: ResolvedWorkerSettings, report: WorkerErrorReport): WorkerPool {
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
  const children = new ChildWatch();
  /** Called after anything that may have forked a child (a run, a replacement), to watch it from birth. */
  const look = (): void => {
    children.see(pool.threads);
  };
  let destroying = false;
  /** Why runs waiting in tinypool's queue were cancelled (see below); they fail with it. */
  let cancelledBy: unknown;
  look();
  pool.on('error', (error: unknown) => {
    look(); // the replacement forked for `min`
    if (destroying) return;
    const detail = childFailure(children.exiting(), error);
    // A child that died before it was ready leaves the run it was forked for in tinypool's queue, and
    // tinypool forks only for new runs: with no child left, that run would wait forever. It fails
    // instead, carrying the child's failure (so no report: it would say it twice).
    if (pool.threads.length === 0 && pool.queueSize > 0) {
      cancelledBy = new Error(detail, { cause: error });
      pool.cancelPendingTasks();
    } else report(new WorkerError('PROCESS', detail, { cause: error }));
  });
  return {
    abortChannel: undefined,
    dispatch(request, kill) {
      let send: ((message: AbortMessage) => void) | undefined;
      const response = (
        pool.run(request, {
          signal: kill,
          channel: {
            onMessage(sender: (message: AbortMessage) => void) {
              send = sender;
            },
          },
        }) as Promise<WorkerResponse>
      ).catch((error: unknown) => {
        look(); // a crash or a kill makes tinypool fork a replacement for `min`
        throw isCancel(error) && cancelledBy !== undefined ? cancelledBy : error;
      });
      look();
      return {
        response,
        abort(message) {
          send?.(message);
        },
      };
    },
    async destroy() {
      destroying = true;
      look();
      await pool.destroy();
      await children.allGone();
    },
  };
}

/** tinypool's `CancelError` (not exported): what `cancelPendingTasks` rejects queued runs with. */
function isCancel(error: unknown): boolean {
  return isError(error) && readError(error).name === 'CancelError';
}
