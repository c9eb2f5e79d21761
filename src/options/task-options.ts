import type { TaskContext } from '../shared/task-context.js';

/** Where a run executes. */
export type RunType = 'ASYNC' | 'THREAD' | 'PROCESS';

/** What happens to a tick that comes while the previous run is still going. */
export type OverlapPolicy = 'skip' | 'allow';

/** A duration: milliseconds as a number, or a string such as `'250ms'`, `'5s'`, `'10m'`, `'1h'`, `'1d'`. */
export type Duration = number | string;

/**
 * The options of a task, as a user writes them (every field optional). `Scheduler.add`,
 * `@Scheduled`, overrides and option edits all validate them through the same rules.
 */
export interface TaskOptions {
  /** Period between planned runs; run k is planned at `firstRun + k * interval`. Exclusive with `cron`. */
  interval?: Duration | undefined;
  /**
   * Calendar schedule, a 5- or 6-field cron expression (seconds first when 6) or a nickname such as
   * `@hourly`, parsed by croner. Exclusive with `interval`.
   */
  cron?: string | undefined;
  /** IANA time zone for `cron`. @default the process's local zone */
  timezone?: string | undefined;
  /**
   * The first planned run; a time in the past means run at once. For a `cron` task it means "not
   * before": the first run is the first match at or after it (a past one is ignored). @default now
   */
  firstRun?: Date | number | undefined;
  /** How many runs the task makes before it completes (an integer ≥ 1). @default unlimited */
  runs?: number | undefined;
  /** Unique name of the task. @default a uuid v4 (`Class.method` for decorated methods) */
  key?: string | undefined;
  /** Where a run executes. @default 'ASYNC' */
  runType?: RunType | undefined;
  /** Extra arguments passed after the context; structured-cloneable for THREAD and PROCESS. @default [] */
  args?: readonly unknown[] | undefined;
  /** Remove the task from `Scheduler.tasks` once it completes its runs. @default false */
  autoRemove?: boolean | undefined;
  /** A tick that comes while a run is still going is skipped (and counted) or started anyway. @default 'skip' */
  overlap?: OverlapPolicy | undefined;
  /** A run still going after this long is aborted through its signal (workers are ended). @default none */
  timeout?: Duration | undefined;
  /** `false` registers the task stopped. @default true */
  enabled?: boolean | undefined;
}

/** The options after validation and defaults: what a `Task` holds and a timetable is built from. */
export interface ResolvedTaskOptions {
  readonly key: string;
  readonly interval: number | undefined;
  readonly cron: string | undefined;
  readonly timezone: string | undefined;
  /** The first planned run as a ms epoch. */
  readonly firstRun: number | undefined;
  readonly runs: number | undefined;
  readonly runType: RunType;
  readonly args: readonly unknown[];
  readonly autoRemove: boolean;
  readonly overlap: OverlapPolicy;
  readonly timeout: number | undefined;
  readonly enabled: boolean;
}

/** The options that can be edited on an inactive task (all but `key`). */
export type EditableOption = Exclude<keyof ResolvedTaskOptions, 'key'>;

/** A function run in the event loop: the context first, then `args`. */
export type TaskFunction<A extends readonly unknown[] = never[]> = (ctx: TaskContext, ...args: A) => unknown;

/**
 * A task for THREAD and PROCESS runs: the module that exports the function, and the export's name.
 * Relative paths are refused: pass `new URL('./job.js', import.meta.url)` or an absolute path.
 */
export interface ModuleReference {
  /** The module: an absolute path or a URL (`import.meta.url` of the caller, a `file:` URL). */
  readonly module: string | URL;
  /** @default 'default' */
  readonly export?: string;
}

export const RUN_TYPES: readonly RunType[] = ['ASYNC', 'THREAD', 'PROCESS'];
export const OVERLAP_POLICIES: readonly OverlapPolicy[] = ['skip', 'allow'];
