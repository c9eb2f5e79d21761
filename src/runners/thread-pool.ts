import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';

import { Piscina } from 'piscina';

import { WorkerError } from '../errors.js';
import { attempt, describeUserValue, isError, readError } from '../user-values.js';
import type { WorkerErrorReport, WorkerPool } from './pool-runner.js';
import type { KillSwitch } from './kill-switch.js';
import { WORKER_EXPORT, isExitMessage, type WorkerResponse } from './protocol.js';
import { createRunBoard, isRunning } from './run-board.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';
import { workerPath } from './worker-location.js';

/** How often a kill looks again for the thread of a run that has not started yet (a cold thread). */
const KILL_RETRY_MS = 100;

/** What a thread died of, for a `WorkerError`; a thread over its heap limit points at the setting. */
function threadFailure(error: unknown): string {
  if (!isError(error)) return describeUserValue(error);
  const { name, message } = readError(error);
  const code = attempt(() => (error as { code?: unknown }).code, undefined);
  const text = `${name}: ${message}`;
  return code === 'ERR_WORKER_OUT_OF_MEMORY' ? `${text}; see workers.threads.resourceLimits` : text;
}

/** One piscina instance, and why it was retired (its waiting runs fail with that). */
interface Engine {
  readonly piscina: Piscina<unknown, WorkerResponse>;
  retiredBy: unknown;
}

/**
 * THREAD runs: a piscina pool of worker threads. Aborts are announced on a BroadcastChannel that every
 * thread of the pool hears (the run id says which run), because piscina does not say which thread took
 * a task. A kill finds the run's thread on the run board and terminates it; piscina then fails the task
 * (the thread exited) and starts another thread when one is needed.
 *
 * A thread that fails with no run on it (an error thrown from a timer after its run returned, a thread
 * that cannot start) makes piscina emit 'error'; without a listener that would end the app. It is
 * reported as a `WorkerError` instead, and so is a thread that exits by itself (its `ExitMessage`), which
 * piscina would replace silently. When the last thread failed to start, piscina keeps the runs that were
 * waiting for it queued until some new run starts a thread: that piscina is retired instead (its
 * waiting runs fail with the thread's error, as `WorkerCrashedError`) and the next run starts a fresh one.
 */
export function createThreadPool(settings: ResolvedWorkerSettings, report: WorkerErrorReport): WorkerPool {
  const abortChannel = `crontainer:abort:${randomUUID()}`;
  const announcer = new BroadcastChannel(abortChannel);
  announcer.unref();
  const board = createRunBoard();
  let engine: Engine | undefined;
  /** Retired engines still being destroyed. */
  const retiring = new Set<Promise<void>>();
  let destroying = false;

  const retire = (retired: Engine, reason: unknown): void => {
    retired.retiredBy = reason;
    if (engine === retired) engine = undefined;
    const destroyed: Promise<void> = retired.piscina.destroy().finally(() => retiring.delete(destroyed));
    retiring.add(destroyed);
  };

  const start = (): Engine => {
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
    const started: Engine = { piscina, retiredBy: undefined };
    piscina.on('error', (error: unknown) => {
      if (destroying || started.retiredBy !== undefined) return;
      // The runs that were waiting for the thread carry its error; a report would say it twice.
      if (piscina.threads.length === 0 && piscina.queueSize > 0) retire(started, error);
      else report(new WorkerError('THREAD', threadFailure(error), { cause: error }));
    });
    piscina.on('message', (message: unknown) => {
      if (destroying || started.retiredBy !== undefined || !isExitMessage(message)) return;
      report(new WorkerError('THREAD', `a thread called process.exit(${String(message.code)})`));
    });
    return started;
  };

  const terminateRun = (current: Engine, runId: number, settled: () => boolean): void => {
    if (settled()) return;
    const threads = current.piscina.threads;
    const thread = threads.find((candidate) => isRunning(board, candidate.threadId, runId));
    if (thread !== undefined) {
      void thread.terminate();
      return;
    }
    // Not started yet (its thread is still booting): look again until it starts or settles.
    setTimeout(() => {
      terminateRun(current, runId, settled);
    }, KILL_RETRY_MS).unref();
  };

  return {
    abortChannel,
    dispatch(request, kill: KillSwitch) {
      const current = (engine ??= start());
      let settled = false;
      const response = current.piscina.run(request).then(
        (value) => {
          settled = true;
          return value;
        },
        (error: unknown) => {
          settled = true;
          throw current.retiredBy ?? error;
        },
      );
      kill.once('abort', () => {
        terminateRun(current, request.runId, () => settled);
      });
      return {
        response,
        abort(message) {
          announcer.postMessage(message);
        },
      };
    },
    async destroy() {
      destroying = true;
      const current = engine;
      engine = undefined;
      try {
        await Promise.all([current?.piscina.destroy(), ...retiring]);
      } finally {
        announcer.close();
      }
    },
  };
}
