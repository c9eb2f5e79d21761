import { EventEmitter } from 'node:events';

import { ClusterLink } from '../cluster/cluster-link.js';
import { LogAdapter, type LogFields } from '../logging/log-adapter.js';
import {
  DuplicateTaskError,
  InvalidTaskOptionsError,
  SchedulerClosedError,
  TaskNotFoundError,
  TaskStoppedError,
} from '../errors.js';
import { normalizeOptions } from '../options/normalize.js';
import type { ResolvedTaskOptions, TaskOptions } from '../options/task-options.js';
import { Runners } from '../runners/runners.js';
import type { RunTarget } from '../runners/runner.js';
import { toRunTarget } from '../runners/target.js';
import { Alarm } from './alarm.js';
import type { Clock } from './clock.js';
import { CronCache } from './cron-timetable.js';
import { closeOptionsOf, stopOptionsOf, taskKeyArgument } from './call-options.js';
import { drainRuns, type InFlightRun } from './drain.js';
import { DueHeap } from './due-heap.js';
import { emitSafely } from './emit-safely.js';
import type { SchedulerEvents } from './events.js';
import { RunContext } from './task-context.js';
import { RunExecution, type RunOutcome } from './run.js';
import type { CloseOptions, SchedulerOptions, StopOptions, TaskSource } from './scheduler-options.js';
import { readSchedulerOptions } from './scheduler-settings.js';
import { LocalGate } from './local-gate.js';
import type { GateHost, RunGate } from './run-gate.js';
import { TaskRecord, type Task } from './task.js';
import { TasksView } from './tasks-view.js';

/**
 * Runs tasks on a fixed timetable from one timer. It starts working as soon as it is created; call
 * `close()` (or `await using`) to shut it down gracefully.
 */
export class Scheduler extends EventEmitter<SchedulerEvents> implements AsyncDisposable {
  readonly #clock: Clock;
  readonly #app: unknown;
  readonly #logger: LogAdapter;
  readonly #runners: Runners;
  /** What decides whether planned runs start: `LocalGate`, or cluster mode's `ClusterLink`. */
  readonly #gate: RunGate;
  readonly #records = new Map<string, TaskRecord>();
  readonly #tasks = new TasksView(this.#records);
  /** Every active task with a planned run, by due time: the records themselves (see `DueHeap`). */
  readonly #queue = new DueHeap<TaskRecord>();
  readonly #inFlight = new Set<InFlightRun>();
  readonly #alarm: Alarm;
  #closing: Promise<void> | undefined;

  /**
   * Every setting is validated before anything is built: a refused one throws an `InvalidSettingsError`
   * (`InvalidWorkerSettingsError` for `workers`) naming its path, and leaves nothing behind.
   */
  constructor(given?: SchedulerOptions) {
    // A rejected async listener would otherwise be an unhandled rejection that ends the process.
    super({ captureRejections: true });
    const options = readSchedulerOptions(given);
    this.#app = options.app;
    this.#logger = new LogAdapter(options.logger);
    const host = this.#gateHost();
    // Compiled cron expressions, shared by this scheduler's cron tasks (each is ~80 KiB in croner).
    const crons = new CronCache();
    this.#gate =
      options.coordinator === undefined
        ? new LocalGate(options.clock, host, crons)
        : new ClusterLink(options.coordinator, options.clock, host, crons);
    // Cluster tasks are planned on the store's clock, so that every instance means the same moment.
    this.#clock = this.#gate.clock;
    this.#runners = new Runners(
      options.workers,
      { ...options.runInline, ...options.runnerFactories },
      (error) => {
        if (this.listenerCount('workerError') === 0)
          this.#log(`crontainer: ${error.message}`, { err: error });
        this.#emit('workerError', error, { runType: error.runType });
      },
    );
    this.#alarm = new Alarm(this.#clock, () => {
      this.#onAlarm();
    });
  }

  /** Every task by key: a live, read-only view. */
  get tasks(): ReadonlyMap<string, Task> {
    return this.#tasks;
  }

  /** True once `close()` was called. */
  get isClosed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Registers a task and schedules it (unless `enabled: false`). Everything is validated first: on bad
   * input it throws `InvalidTaskOptionsError` naming the key and the option, and stores nothing.
   */
  add(fn: TaskSource, options?: TaskOptions): Task {
    return this.#register(fn, normalizeOptions(options));
  }

  /**
   * `add` for a task that runs in the event loop, as a promise: it rejects instead of throwing, and
   * resolves once the task is registered (in cluster mode, with the cluster).
   */
  asyncAdd(fn: TaskSource, options?: TaskOptions): Promise<Task> {
    try {
      const resolved = normalizeOptions(options);
      if (resolved.runType !== 'ASYNC') {
        throw new InvalidTaskOptionsError(
          resolved.key,
          'runType',
          resolved.runType,
          `must be 'ASYNC' for asyncAdd (use add for THREAD and PROCESS tasks)`,
        );
      }
      const task = this.#register(fn, resolved);
      return this.#gate.started(task.key).then(() => task);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * @internal Registers already-resolved options and, when given, the run target built from them
   * (bootstrap validates everything before it starts any, and builds each target once).
   */
  registerResolved(fn: TaskSource, options: ResolvedTaskOptions, target?: RunTarget): Task {
    return this.#register(fn, options, target);
  }

  /**
   * No further runs of the task. A run in flight finishes, unless `abort` is set: then its signal is
   * aborted with a `TaskStoppedError` and the run fails at once (a worker that does not stop is ended).
   * `false` if there is no such task. A key that cannot be one, or bad options, throw an
   * `InvalidSettingsError` (`stop.key`, `stop.abort`) before anything is stopped.
   */
  stop(key: string, options?: StopOptions): boolean {
    // Both read first: a refused argument changes nothing.
    taskKeyArgument(key, 'stop');
    const { abort } = stopOptionsOf(options);
    const record = this.#records.get(key);
    if (record === undefined) return false;
    if (record.status === 'active') this.#deactivate(record, 'stopped');
    this.#gate.ended('stop', key);
    if (abort) {
      for (const run of [...this.#inFlight]) {
        if (run.key === key) run.controller.abort(new TaskStoppedError(key));
      }
    }
    return true;
  }

  /**
   * Schedules the task again from its current options: `runCount` back to 0, `firstRun` applied again
   * if still in the future. On an active task the timetable starts over; there is never a second one.
   */
  restart(key: string): Task {
    const record = this.#records.get(taskKeyArgument(key, 'restart'));
    if (record === undefined) throw new TaskNotFoundError(key);
    if (this.#closing !== undefined) throw new SchedulerClosedError(key);
    this.#start(record, true);
    return record.task;
  }

  /** `restart` as a promise that rejects instead of throwing. */
  asyncRestart(key: string): Promise<Task> {
    try {
      const task = this.restart(key);
      return this.#gate.started(key).then(() => task);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Stops the task and deletes it from `tasks`. `false` if there is no such task. */
  remove(key: string): boolean {
    const record = this.#records.get(taskKeyArgument(key, 'remove'));
    if (record === undefined) return false;
    this.#deactivate(record, 'removed');
    this.#gate.ended('remove', key);
    return true;
  }

  /**
   * Graceful shutdown: no new runs start; in-flight runs are awaited up to `timeout` ms, then their
   * signals are aborted; worker pools end; no timer of the scheduler is left. Idempotent. Bad options
   * reject with an `InvalidSettingsError` (`close.timeout`) and change nothing, on any call.
   */
  close(options?: CloseOptions): Promise<void> {
    let timeout: number;
    try {
      // Checked on every call, the first or not: bad options are refused, and change nothing.
      ({ timeout } = closeOptionsOf(options));
    } catch (error) {
      return Promise.reject(error);
    }
    this.#closing ??= this.#shutdown(timeout);
    return this.#closing;
  }

  /** `close()` with the default timeout, for `await using scheduler = new Scheduler()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Where EventEmitter sends the rejection of an async listener (see `captureRejections`). */
  override [EventEmitter.captureRejectionSymbol](error: unknown, ...[event]: readonly unknown[]): void {
    this.#log(`crontainer: a "${String(event)}" listener threw`, { err: error });
  }

  #register(fn: TaskSource, options: ResolvedTaskOptions, target?: RunTarget): Task {
    const { key } = options;
    if (this.#closing !== undefined) throw new SchedulerClosedError(key);
    if (this.#records.has(key)) throw new DuplicateTaskError(key);
    const record = new TaskRecord(options, fn, target ?? toRunTarget(fn, options.runType, key));
    this.#records.set(key, record);
    if (options.enabled) this.#start(record, false);
    return record.task;
  }

  /** (Re)starts a task's timetable from now (in cluster mode: once the cluster agreed it). */
  #start(record: TaskRecord, restarting: boolean): void {
    this.#reset(record);
    // A restart proposes this instance's own options again, not the cluster's it followed.
    if (record.declared !== undefined) {
      record.options = record.declared;
      record.declared = undefined;
    }
    this.#gate.start(record, restarting);
  }

  /** What every (re)start does to a task's state. */
  #reset(record: TaskRecord): void {
    record.generation += 1;
    record.status = 'active';
    record.runCount = 0;
    record.skipCount = 0;
    record.exhausted = false;
  }

  /** The hooks the gate drives this scheduler through: the only writers of a task's fields. */
  #gateHost(): GateHost {
    return {
      record: (key) => this.#records.get(key),
      reset: (record) => {
        this.#reset(record);
      },
      hold: (record) => {
        this.#queue.remove(record);
      },
      begin: (record, timetable, first, options, figures) => {
        if (options !== undefined) {
          record.declared ??= record.options;
          record.options = options;
        }
        if (figures !== undefined) {
          record.runCount = figures.runCount;
          record.lastRunAt = figures.lastRunAt;
        }
        record.timetable = timetable;
        this.#plan(record, first);
      },
      plan: (record, due) => {
        this.#plan(record, due);
      },
      last: (record) => {
        this.#queue.remove(record);
        record.exhausted = true;
      },
      run: (record, runNumber, plannedAt) => this.#run(record, runNumber, plannedAt),
      skip: (record, plannedAt, reason) => {
        if (reason === 'overlap') record.skipCount += 1;
        // Every instance skips the planned runs of tasks it does not own: no payload nobody reads.
        if (this.listenerCount('taskSkip') > 0) {
          this.#emit('taskSkip', record.task, { scheduledAt: new Date(plannedAt), reason });
        }
      },
      learn: (record, figures) => {
        record.runCount = figures.runCount;
        if (figures.lastRunAt !== undefined) record.lastRunAt = figures.lastRunAt;
      },
      // No next run: completes now, or when the run in flight settles.
      exhaust: (record) => {
        this.#plan(record, undefined);
      },
      stop: (key) => {
        const record = this.#records.get(key);
        if (record?.status === 'active') this.#deactivate(record, 'stopped');
      },
      remove: (key) => {
        const record = this.#records.get(key);
        if (record !== undefined) this.#deactivate(record, 'removed');
      },
      error: (error) => {
        this.#emit('coordinatorError', error);
      },
    };
  }

  /** Queues the task's next run at `due`, or marks it exhausted when there is none. */
  #plan(record: TaskRecord, due: number | undefined): void {
    if (due === undefined) {
      this.#queue.remove(record);
      record.exhausted = true;
      if (record.inFlight === 0) this.#complete(record);
      return;
    }
    this.#queue.schedule(record, due);
    if (due < this.#alarm.due) this.#arm();
  }

  #deactivate(record: TaskRecord, status: 'stopped' | 'removed' | 'completed'): void {
    this.#queue.remove(record);
    record.status = status;
    if (status === 'removed') {
      this.#records.delete(record.options.key);
      this.#emit('taskRemove', record.task);
    }
    if (this.#queue.size === 0) this.#alarm.disarm();
  }

  #complete(record: TaskRecord): void {
    this.#deactivate(record, 'completed');
    this.#emit('taskComplete', record.task);
    // A one-shot task is removed after its run, as the seed documents; others only with autoRemove.
    const oneShot = record.options.interval === undefined && record.options.cron === undefined;
    if ((record.options.autoRemove || oneShot) && this.#records.get(record.options.key) === record) {
      this.#deactivate(record, 'removed');
    }
  }

  /** Arms the one timer for the earliest due task (none when nothing is due, or while closing). */
  #arm(): void {
    const next = this.#queue.peek();
    if (next === undefined || this.#closing !== undefined) this.#alarm.disarm();
    else this.#alarm.arm(next.due);
  }

  /** Starts every task that is due, each from this one callback, then re-arms for the next. */
  #onAlarm(): void {
    const now = this.#clock.now();
    for (
      let record = this.#queue.peek();
      record !== undefined && record.due <= now;
      record = this.#queue.peek()
    ) {
      try {
        this.#tick(record, record.due, now);
      } catch (error) {
        this.#fault(record, error);
      }
    }
    this.#arm();
  }

  /**
   * A tick threw (a runner that cannot start, a timetable that fails): that task stops with the error
   * recorded, instead of the exception ending the timer callback and with it every other task.
   */
  #fault(record: TaskRecord, error: unknown): void {
    record.lastError = error;
    record.errorCount += 1;
    if (record.status === 'active') this.#deactivate(record, 'stopped');
    else this.#queue.remove(record);
    this.#log(`crontainer: task "${record.options.key}" was stopped: starting its run failed`, {
      key: record.options.key,
      err: error,
    });
  }

  /** A planned run is due: skipped if the previous run still goes (`overlap: 'skip'`), else the gate decides. */
  #tick(record: TaskRecord, plannedAt: number, now: number): void {
    const timetable = record.timetable;
    if (timetable === undefined) return;
    if (record.inFlight > 0 && record.options.overlap === 'skip') {
      record.skipCount += 1;
      this.#plan(record, timetable.nextAfter(now));
      this.#emit('taskSkip', record.task, { scheduledAt: new Date(plannedAt), reason: 'overlap' });
      return;
    }
    this.#gate.due(record, plannedAt, now);
  }

  /** Starts one run; its `done` settles once the run's outcome is recorded. */
  #run(record: TaskRecord, runNumber: number, plannedAt: number): RunExecution {
    const { key, runType, args, timeout } = record.options;
    // First, as it may throw (a pool that cannot start): nothing may be counted in flight before.
    const runner = this.#runners.get(runType);
    const scheduledAt = new Date(plannedAt);
    record.inFlight += 1;
    record.runCount = runNumber;
    // Read again, not the batch's `now`: an earlier task of the same batch may have run a while.
    record.lastRunAt = this.#clock.now();
    // Payloads only for events somebody listens to: this runs once per run, often 1,000 times in a row.
    if (this.listenerCount('taskStart') > 0) {
      this.#emit('taskStart', record.task, { runNumber, scheduledAt });
    }
    const execution = new RunExecution(key, this.#clock, (run, outcome) => {
      this.#inFlight.delete(run);
      this.#settle(record, context, outcome);
    });
    const context = new RunContext(this.#app, key, runNumber, scheduledAt, execution.controller);
    this.#inFlight.add(execution);
    execution.start(runner, { target: record.target, context, args }, timeout);
    // Only a test clock has the hook, so only it makes a run's `done` promise here.
    this.#clock.trackRun?.(key, execution.done);
    return execution;
  }

  #settle(record: TaskRecord, context: RunContext, outcome: RunOutcome): void {
    const { task } = record;
    const run = { runNumber: context.runNumber, scheduledAt: context.scheduledAt };
    record.inFlight -= 1;
    record.lastRunDuration = outcome.duration;
    if (outcome.ok) {
      if (this.listenerCount('taskSuccess') > 0) {
        this.#emit('taskSuccess', task, { ...run, duration: outcome.duration, value: outcome.value });
      }
    } else {
      record.errorCount += 1;
      record.lastError = outcome.error;
      if (this.listenerCount('taskError') === 0) {
        this.#log(`crontainer: run ${run.runNumber} of task "${task.key}" failed`, {
          key: task.key,
          err: outcome.error,
        });
      }
      this.#emit('taskError', task, outcome.error, { ...run, duration: outcome.duration });
    }
    // `exhausted` always describes the current timetable (every start resets it), so the last run to
    // end completes the task, whichever timetable started it: a restarted task whose only tick was
    // skipped for an older run would otherwise stay active with nothing planned.
    if (record.exhausted && record.inFlight === 0 && record.status === 'active') {
      this.#complete(record);
    }
  }

  /** Emits without letting a throwing listener break the scheduler: its error is logged instead. */
  #emit<K extends keyof SchedulerEvents>(event: K, ...args: SchedulerEvents[K]): void {
    emitSafely(this, event, args, (error) => {
      this.#log(`crontainer: a "${event}" listener threw`, { err: error });
    });
  }

  /** Reports what nobody else would see through the user's logger (see `LogAdapter`). */
  #log(message: string, fields: LogFields): void {
    this.#logger.error(message, fields);
  }

  async #shutdown(timeout: number): Promise<void> {
    this.#alarm.disarm();
    this.#gate.closing();
    this.#queue.clear();
    for (const record of this.#records.values()) {
      if (record.status === 'active') record.status = 'stopped';
    }
    await drainRuns(this.#inFlight, timeout, this.#clock);
    await this.#runners.close();
    await this.#gate.close();
  }
}
