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

  get interval(): number | undefined {
    return this.#record.options.interval;
  }
  set interval(value: Duration | undefined) {
    this.#edit('interval', value);
  }

  get cron(): string | undefined {
    return this.#record.options.cron;
  }
  set cron(value: string | undefined) {
    this.#edit('cron', value);
  }

  get timezone(): string | undefined {
    return this.#record.options.timezone;
  }
  set timezone(value: string | undefined) {
    this.#edit('timezone', value);
  }

  get firstRun(): Date | undefined {
    const first = this.#record.options.firstRun;
    return first === undefined ? undefined : new Date(first);
  }
  set firstRun(value: Date | number | undefined) {
    this.#edit('firstRun', value);
  }

  get runs(): number | undefined {
    return this.#record.options.runs;
  }
  set runs(value: number | undefined) {
    this.#edit('runs', value);
  }

  get runType(): RunType {
    return this.#record.options.runType;
  }
  set runType(value: RunType | undefined) {
    this.#edit('runType', value);
  }

  get args(): readonly unknown[] {
    return this.#record.options.args;
  }
  set args(value: readonly unknown[] | undefined) {
    this.#edit('args', value);
  }

  get autoRemove(): boolean {
    return this.#record.options.autoRemove;
  }
  set autoRemove(value: boolean | undefined) {
    this.#edit('autoRemove', value);
  }

  get overlap(): OverlapPolicy {
    return this.#record.options.overlap;
  }
  set overlap(value: OverlapPolicy | undefined) {
    this.#edit('overlap', value);
  }

  get timeout(): number | undefined {
    return this.#record.options.timeout;
  }
  set timeout(value: Duration | undefined) {
    this.#edit('timeout', value);
  }

  get enabled(): boolean {
    return this.#record.options.enabled;
  }
  set enabled(value: boolean | undefined) {
    this.#edit('enabled', value);
  }

  /** A plain snapshot of options and state, for logs and tables. */
  toJSON(): Record<string, unknown> {
    return {
      key: this.key,
      status: this.status,
      runType: this.runType,
      interval: this.interval,
      cron: this.cron,
      runs: this.runs,
      runCount: this.runCount,
      errorCount: this.errorCount,
      skipCount: this.skipCount,
      lastRunAt: this.lastRunAt?.toISOString(),
      lastRunDuration: this.lastRunDuration,
      nextRunAt: this.nextRunAt?.toISOString(),
    };
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
