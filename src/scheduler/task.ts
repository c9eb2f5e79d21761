import { inspect, type InspectOptionsStylized } from 'node:util';

import { TaskActiveError } from '../errors.js';
import { editOption } from '../options/normalize.js';
import type {
  Duration,
  EditableOption,
  OverlapPolicy,
  ResolvedTaskOptions,
  RunType,
} from '../options/task-options.js';
import type { RunTarget } from '../runners/runner.js';
import { toRunTarget } from '../runners/target.js';
import type { DueItem } from './due-heap.js';
import { argsJSON, errorJSON, timeJSON, type TaskJSON } from './task-json.js';
import type { Timetable } from './timetable.js';

/**
 * The life of a task: `active` (scheduled), `stopped` (by `stop`, `enabled: false` or shutdown),
 * `completed` (made its last run), `removed`. Only `restart` leaves `stopped` or `completed`.
 */
export type TaskStatus = 'active' | 'stopped' | 'completed' | 'removed';

/**
 * Everything the scheduler knows about a task. The scheduler owns and mutates it; users see it only
 * through the read-only `Task` facade (`task`). It is also the task's own entry in the due queue: while
 * queued, `due` is the next planned run, so that is not stored twice.
 */
export class TaskRecord implements DueItem {
  /** The options in force: the task's own, or (cluster mode) the cluster's timing options. */
  options: ResolvedTaskOptions;
  /**
   * The task's own options while the cluster's are in force (`options`): what a `restart` here
   * proposes again. `undefined` otherwise.
   */
  declared: ResolvedTaskOptions | undefined = undefined;
  /** What the user passed as the task, kept to re-derive `target` when `runType` is edited. */
  readonly source: unknown;
  target: RunTarget;
  /** The facade users hold; made once, with the record. */
  readonly task: Task;
  status: TaskStatus = 'stopped';
  timetable: Timetable | undefined = undefined;
  /** The due queue's fields (see `DueItem`): `index` is -1 while no run is planned. */
  due = 0;
  seq = 0;
  index = -1;
  /** Bumped by every (re)start, so that late answers about an earlier timetable (cluster claims) are ignored. */
  generation = 0;
  runCount = 0;
  /** Runs in flight (more than one only with `overlap: 'allow'`). */
  inFlight = 0;
  /** ms epoch; a `Date` is made only when somebody reads `Task.lastRunAt`. */
  lastRunAt: number | undefined = undefined;
  lastRunDuration: number | undefined = undefined;
  lastError: unknown = undefined;
  errorCount = 0;
  skipCount = 0;
  /** No run is planned after the ones in flight: the task completes when they end. */
  exhausted = false;

  /** A new, stopped task's record. */
  constructor(options: ResolvedTaskOptions, source: unknown, target: RunTarget) {
    this.options = options;
    this.source = source;
    this.target = target;
    this.task = new Task(this);
  }

  /** The next planned run (ms epoch), while one is queued. */
  get nextRunAt(): number | undefined {
    return this.index >= 0 ? this.due : undefined;
  }
}

/**
 * A scheduled task: its options and its live state. Options can be edited only while the task is
 * inactive (stop it first); the edits are validated at once and apply at `restart`.
 */
export class Task {
  readonly #record: TaskRecord;

  /** @internal Tasks are made by `Scheduler.add`. */
  constructor(record: TaskRecord) {
    this.#record = record;
  }

  /** The task's unique name. */
  get key(): string {
    return this.#record.options.key;
  }

  /** `active`, `stopped`, `completed` or `removed`. */
  get status(): TaskStatus {
    return this.#record.status;
  }

  /** Scheduled: not stopped, not completed, not removed. */
  get isActive(): boolean {
    return this.#record.status === 'active';
  }

  /** A run is in flight. */
  get isRunning(): boolean {
    return this.#record.inFlight > 0;
  }

  /** Runs started since the task was last (re)started. */
  get runCount(): number {
    return this.#record.runCount;
  }

  /** Planned runs that did not start because the previous run was still going. */
  get skipCount(): number {
    return this.#record.skipCount;
  }

  /** When the last run started. */
  get lastRunAt(): Date | undefined {
    const at = this.#record.lastRunAt;
    return at === undefined ? undefined : new Date(at);
  }

  /** How long the last finished run took, in ms. */
  get lastRunDuration(): number | undefined {
    return this.#record.lastRunDuration;
  }

  /** The next planned run, while the task is active. */
  get nextRunAt(): Date | undefined {
    const next = this.#record.nextRunAt;
    return next === undefined ? undefined : new Date(next);
  }

  /** The error of the last failed run (kept after later successes). */
  get lastError(): unknown {
    return this.#record.lastError;
  }

  /** How many runs failed. */
  get errorCount(): number {
    return this.#record.errorCount;
  }

  /** Period between planned runs, in ms (`interval`); `undefined` for cron tasks. */
  get interval(): number | undefined {
    return this.#record.options.interval;
  }
  /** Edits `interval`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set interval(value: Duration | undefined) {
    this.#edit('interval', value);
  }

  /** The cron expression (`cron`); `undefined` for interval tasks. */
  get cron(): string | undefined {
    return this.#record.options.cron;
  }
  /** Edits `cron`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set cron(value: string | undefined) {
    this.#edit('cron', value);
  }

  /** IANA zone of the cron expression (`timezone`). */
  get timezone(): string | undefined {
    return this.#record.options.timezone;
  }
  /** Edits `timezone`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set timezone(value: string | undefined) {
    this.#edit('timezone', value);
  }

  /** The first planned run as given (`firstRun`). */
  get firstRun(): Date | undefined {
    const first = this.#record.options.firstRun;
    return first === undefined ? undefined : new Date(first);
  }
  /** Edits `firstRun`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set firstRun(value: Date | number | undefined) {
    this.#edit('firstRun', value);
  }

  /** Runs before the task completes (`runs`); `undefined` for no limit. */
  get runs(): number | undefined {
    return this.#record.options.runs;
  }
  /** Edits `runs`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set runs(value: number | undefined) {
    this.#edit('runs', value);
  }

  /** Where runs execute: `ASYNC`, `THREAD` or `PROCESS` (`runType`). */
  get runType(): RunType {
    return this.#record.options.runType;
  }
  /** Edits `runType`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set runType(value: RunType | undefined) {
    this.#edit('runType', value);
  }

  /** Extra arguments passed after the context (`args`). */
  get args(): readonly unknown[] {
    return this.#record.options.args;
  }
  /** Edits `args`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set args(value: readonly unknown[] | undefined) {
    this.#edit('args', value);
  }

  /** Whether the task is removed once it completes (`autoRemove`). */
  get autoRemove(): boolean {
    return this.#record.options.autoRemove;
  }
  /** Edits `autoRemove`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set autoRemove(value: boolean | undefined) {
    this.#edit('autoRemove', value);
  }

  /** What a tick during a run does: `skip` or `allow` (`overlap`). */
  get overlap(): OverlapPolicy {
    return this.#record.options.overlap;
  }
  /** Edits `overlap`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set overlap(value: OverlapPolicy | undefined) {
    this.#edit('overlap', value);
  }

  /** How long a run may go before its signal is aborted, in ms (`timeout`). */
  get timeout(): number | undefined {
    return this.#record.options.timeout;
  }
  /** Edits `timeout`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set timeout(value: Duration | undefined) {
    this.#edit('timeout', value);
  }

  /** Whether the task was registered to run (`enabled`). */
  get enabled(): boolean {
    return this.#record.options.enabled;
  }
  /** Edits `enabled`, validated at once and applied at `restart`; `TaskActiveError` while active. */
  set enabled(value: boolean | undefined) {
    this.#edit('enabled', value);
  }

  /**
   * Every public field as plain JSON data, for logs and tables (`JSON.stringify(task)` calls it): times
   * as ISO strings, `lastError` as `{ name, message }`, absent values as `null`. A snapshot: it does not
   * change with the task.
   */
  toJSON(): TaskJSON {
    return {
      key: this.key,
      status: this.status,
      isActive: this.isActive,
      isRunning: this.isRunning,
      runCount: this.runCount,
      skipCount: this.skipCount,
      errorCount: this.errorCount,
      lastRunAt: timeJSON(this.lastRunAt),
      lastRunDuration: this.lastRunDuration ?? null,
      nextRunAt: timeJSON(this.nextRunAt),
      lastError: errorJSON(this.lastError),
      interval: this.interval ?? null,
      cron: this.cron ?? null,
      timezone: this.timezone ?? null,
      firstRun: timeJSON(this.firstRun),
      runs: this.runs ?? null,
      runType: this.runType,
      args: argsJSON(this.args),
      autoRemove: this.autoRemove,
      overlap: this.overlap,
      timeout: this.timeout ?? null,
      enabled: this.enabled,
    };
  }

  /** What `console.log(task)` and `util.inspect` print: `Task { key: 'report', status: 'active', … }`. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, inspectValue: typeof inspect): string {
    if (depth < 0) return options.stylize(`[Task ${this.key}]`, 'special');
    const nested = { ...options, depth: options.depth === null ? null : (options.depth ?? 2) - 1 };
    return `Task ${inspectValue(this.toJSON(), nested)}`;
  }

  #edit(name: EditableOption, value: unknown): void {
    const record = this.#record;
    if (record.status === 'active') throw new TaskActiveError(record.options.key, name);
    const options = editOption(record.options, name, value);
    // A new run type may not be able to run what was given (a closure cannot go to a thread).
    const target =
      name === 'runType' ? toRunTarget(record.source, options.runType, options.key) : record.target;
    record.options = options;
    // Edited from the options in force: they are the task's own now.
    record.declared = undefined;
    record.target = target;
  }
}
