import {
  SchedulerClosedError,
  TaskTargetError,
  type WorkerError,
  WorkerCrashedError,
  WorkerStartError,
} from '../errors.js';
import type { TaskContext } from '../shared/task-context.js';
import { describeUserValue, isError, readError } from '../user-values.js';
import { fromCrossingError, toCrossingError } from './crossing-error.js';
import {
  ABORT_MESSAGE,
  type AbortMessage,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerTarget,
} from './protocol.js';
import { KillSwitch } from './kill-switch.js';
import { MAX_RUN_ID } from './run-board.js';
import type { Runner, RunRequest } from './runner.js';
import { Slots } from './slots.js';

/** One request handed to a pool. */
export interface Dispatch {
  /** Settles with the worker's response; rejects only when the worker died or was terminated. */
  readonly response: Promise<WorkerResponse>;
  /** Tells the worker running this request to abort its `ctx.signal` (it may ignore it). */
  abort(message: AbortMessage): void;
}

/** Where a pool reports a worker that failed with no run in flight; it never throws such a failure. */
export type WorkerErrorReport = (error: WorkerError) => void;

/**
 * A pool of workers that all load `worker.ts` (piscina threads, tinypool child processes). The runner
 * above it owns the run's life: abort, grace period, error mapping. The pool only carries messages and
 * terminates a worker when `kill` fires, replacing it as its `min` size requires. A worker that fails
 * with no run in flight goes to the pool's `WorkerErrorReport`, never to an 'error' event nobody hears.
 */
export interface WorkerPool {
  /** Name of the BroadcastChannel the worker listens on for aborts, if the pool uses one. */
  readonly abortChannel: string | undefined;
  dispatch(request: WorkerRequest, kill: KillSwitch): Dispatch;
  /**
   * Terminates every worker; requests still queued or running reject. Resolves once every worker the
   * pool ever started has exited and its pipes are closed (bounded).
   */
  destroy(): Promise<void>;
}

export interface PoolRunnerOptions {
  readonly runType: 'THREAD' | 'PROCESS';
  /** Called on the first run, so that an app that never needs this pool never starts it. */
  readonly createPool: () => WorkerPool;
  /** `WorkerSettings.entry`, as a URL string. */
  readonly entry: string | undefined;
  /** Most runs handed to the pool at once (its `max` size); more wait in this runner's queue. */
  readonly capacity: number;
  /** How long an aborted run may take to end by itself before its worker is terminated (ms). */
  readonly abortGrace: number;
}

/**
 * Runs module exports and decorated methods in a worker pool. On abort (timeout, shutdown) it asks the
 * worker to abort the run, and terminates that worker if the run has not ended `abortGrace` ms later;
 * the pool replaces it. A worker that dies mid-run fails that run with `WorkerCrashedError`.
 */
export class PoolRunner implements Runner {
  readonly #options: PoolRunnerOptions;
  #pool: WorkerPool | undefined;
  #nextRunId = 1;
  #closed = false;
  /** Grace timers of aborted runs still going, cleared at close (the pool ends those runs anyway). */
  readonly #graceTimers = new Set<NodeJS.Timeout>();

  readonly #slots: Slots;

  constructor(options: PoolRunnerOptions) {
    this.#options = options;
    this.#slots = new Slots(options.capacity);
  }

  run({ target, context, args }: RunRequest): Promise<unknown> {
    if (target.kind === 'function') {
      const problem = 'the runner takes module references and @Scheduled methods, not closures';
      return Promise.reject(new TaskTargetError(context.key, this.#options.runType, problem));
    }
    if (this.#closed) return Promise.reject(new SchedulerClosedError(context.key));
    const dispatchHoldingSlot = (): Promise<unknown> =>
      this.#dispatch(target, context, args).finally(() => {
        this.#slots.release();
      });
    return this.#slots.tryAcquire()
      ? dispatchHoldingSlot()
      : this.#slots.acquire(context.signal).then(dispatchHoldingSlot);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#slots.rejectWaiting(() => new SchedulerClosedError());
    for (const timer of this.#graceTimers) clearTimeout(timer);
    this.#graceTimers.clear();
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }

  /** Sends one run to the pool, holding a slot, and watches its signal until it ends. */
  #dispatch(target: WorkerTarget, context: TaskContext, args: readonly unknown[]): Promise<unknown> {
    if (this.#closed) return Promise.reject(new SchedulerClosedError(context.key));
    if (context.signal.aborted) return Promise.reject(context.signal.reason as unknown);
    let dispatch: Dispatch;
    const kill = new KillSwitch();
    const runId = this.#nextRunId;
    this.#nextRunId = runId >= MAX_RUN_ID ? 1 : runId + 1;
    try {
      const pool = (this.#pool ??= this.#options.createPool());
      dispatch = pool.dispatch(this.#request(runId, target, context, args, pool.abortChannel), kill);
    } catch (error) {
      // The pool could not start (the built worker is missing, the pool refused its settings).
      const detail = isError(error) ? readError(error).message : describeUserValue(error);
      return Promise.reject(
        new WorkerStartError(context.key, this.#options.runType, detail, { cause: error }),
      );
    }
    let grace: NodeJS.Timeout | undefined;
    let ended = false;
    const onAbort = (): void => {
      if (ended) return;
      dispatch.abort({ type: ABORT_MESSAGE, runId, reason: toCrossingError(context.signal.reason) });
      grace = setTimeout(() => {
        kill.kill(context.signal.reason);
      }, this.#options.abortGrace);
      // The grace timer never keeps the process alive: a run in flight already does (its worker is ref'd).
      grace.unref();
      this.#graceTimers.add(grace);
    };
    // Never removed: the signal belongs to this one run and goes with it, and removing a listener from
    // an AbortSignal costs more (Node 20) than the rest of the dispatch; `ended` makes it inert instead.
    context.signal.addEventListener('abort', onAbort, { once: true });
    return dispatch.response
      .then(
        (response) => {
          if (response.ok) return response.value;
          throw fromCrossingError(response.error);
        },
        (failure: unknown) => {
          throw this.#dispatchFailure(failure, context, kill);
        },
      )
      .finally(() => {
        ended = true;
        if (grace !== undefined) {
          clearTimeout(grace);
          this.#graceTimers.delete(grace);
        }
      });
  }

  #request(
    runId: number,
    target: WorkerTarget,
    context: TaskContext,
    args: readonly unknown[],
    abortChannel: string | undefined,
  ): WorkerRequest {
    return {
      runId,
      // Copied field by field: a RunTarget may carry more than the worker needs, and only data crosses.
      target:
        target.kind === 'module'
          ? { kind: 'module', url: target.url, exportName: target.exportName }
          : {
              kind: 'service-method',
              url: target.url,
              className: target.className,
              methodName: target.methodName,
            },
      key: context.key,
      runNumber: context.runNumber,
      scheduledAt: context.scheduledAt.getTime(),
      args,
      entry: this.#options.entry,
      abortChannel,
    };
  }

  /** Why a dispatch rejected: we ended the worker (abort, close), or it died on its own. */
  #dispatchFailure(failure: unknown, context: TaskContext, kill: KillSwitch): unknown {
    if (kill.aborted) return kill.reason;
    if (this.#closed) return new SchedulerClosedError(context.key);
    const detail = failure instanceof Error ? failure.message : String(failure);
    return new WorkerCrashedError(context.key, detail, { cause: failure });
  }
}
