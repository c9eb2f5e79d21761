/**
 * Type-level tests of the public API. `expectTypeOf` checks nothing at run time: these fail in
 * `npm run typecheck` (tsc covers test/), which `npm test` runs before vitest. `@ts-expect-error`
 * lines prove what must NOT compile.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';

import {
  Scheduler,
  Task,
  type Duration,
  type InvalidTaskOptionsError,
  type ModuleReference,
  type OverlapPolicy,
  type RunEnd,
  type RunInfo,
  type RunType,
  type SchedulerError,
  type SkipReason,
  type StopOptions,
  type TaskContext,
  type TaskOptions,
} from '../../src/index.js';

let scheduler: Scheduler;

beforeEach(() => {
  scheduler = new Scheduler();
});

afterEach(async () => {
  await scheduler.close();
});

// Tasks below are registered disabled: these tests are about types, nothing should run.
const off = { enabled: false } as const;

describe('Scheduler methods', () => {
  it('add infers ctx: TaskContext and returns a Task', () => {
    const task = scheduler.add((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<TaskContext>();
      expectTypeOf(ctx.key).toEqualTypeOf<string>();
      expectTypeOf(ctx.runNumber).toEqualTypeOf<number>();
      expectTypeOf(ctx.scheduledAt).toEqualTypeOf<Date>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(ctx.app).toEqualTypeOf<unknown>();
    }, off);
    expectTypeOf(task).toEqualTypeOf<Task>();
  });

  it('accepts typed extra arguments, async functions and module references', () => {
    scheduler.add((_ctx, count: number, label: string) => `${label}${count}`, { ...off, args: [1, 'a'] });
    scheduler.add(async (ctx) => {
      await Promise.resolve(ctx.key);
    }, off);
    expectTypeOf<ModuleReference>().toExtend<Parameters<Scheduler['add']>[0]>();
  });

  it('has the documented signatures', () => {
    expectTypeOf(scheduler.asyncAdd).returns.toEqualTypeOf<Promise<Task>>();
    expectTypeOf(scheduler.stop).toEqualTypeOf<(key: string, options?: StopOptions) => boolean>();
    expectTypeOf(scheduler.remove).toEqualTypeOf<(key: string) => boolean>();
    expectTypeOf(scheduler.restart).toEqualTypeOf<(key: string) => Task>();
    expectTypeOf(scheduler.asyncRestart).toEqualTypeOf<(key: string) => Promise<Task>>();
    expectTypeOf(scheduler.close).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(scheduler.close).parameter(0).toEqualTypeOf<{ readonly timeout?: number } | undefined>();
    expectTypeOf(scheduler.tasks).toEqualTypeOf<ReadonlyMap<string, Task>>();
    expectTypeOf(scheduler).toExtend<AsyncDisposable>();
  });

  it('refuses what add cannot take', () => {
    // @ts-expect-error: an unknown option name
    expect(() => scheduler.add(() => {}, { ...off, intervall: 1_000 })).toThrow();
    // @ts-expect-error: not a run type
    expect(() => scheduler.add(() => {}, { ...off, runType: 'FOO' })).toThrow();
    // @ts-expect-error: not an overlap policy
    expect(() => scheduler.add(() => {}, { ...off, overlap: 'queue' })).toThrow();
    // @ts-expect-error: a task function receives the context first, not a number
    expect(() => scheduler.add((n: number) => n, off)).not.toThrow();
    // @ts-expect-error: neither a function nor a module reference
    expect(() => scheduler.add('job', off)).toThrow();
  });
});

describe('option types', () => {
  it('types each option as documented', () => {
    expectTypeOf<RunType>().toEqualTypeOf<'ASYNC' | 'THREAD' | 'PROCESS'>();
    expectTypeOf<OverlapPolicy>().toEqualTypeOf<'skip' | 'allow'>();
    expectTypeOf<Duration>().toEqualTypeOf<number | string>();
    expectTypeOf<TaskOptions['interval']>().toEqualTypeOf<Duration | undefined>();
    expectTypeOf<TaskOptions['timeout']>().toEqualTypeOf<Duration | undefined>();
    expectTypeOf<TaskOptions['firstRun']>().toEqualTypeOf<Date | number | undefined>();
    expectTypeOf<TaskOptions['runs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TaskOptions['key']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TaskOptions['runType']>().toEqualTypeOf<RunType | undefined>();
    expectTypeOf<TaskOptions['autoRemove']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TaskOptions['enabled']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TaskOptions['overlap']>().toEqualTypeOf<OverlapPolicy | undefined>();
    expectTypeOf<TaskOptions['cron']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TaskOptions['timezone']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Required<TaskOptions>>().toExtend<TaskOptions>();
    expectTypeOf({ interval: '5s' }).toExtend<TaskOptions>(); // every other option is optional
  });

  it('exposes resolved options and state on Task', () => {
    expectTypeOf<Task['interval']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Task['timeout']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Task['firstRun']>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<Task['runType']>().toEqualTypeOf<RunType>();
    expectTypeOf<Task['overlap']>().toEqualTypeOf<OverlapPolicy>();
    expectTypeOf<Task['args']>().toEqualTypeOf<readonly unknown[]>();
    expectTypeOf<Task['isActive']>().toEqualTypeOf<boolean>();
    expectTypeOf<Task['isRunning']>().toEqualTypeOf<boolean>();
    expectTypeOf<Task['runCount']>().toEqualTypeOf<number>();
    expectTypeOf<Task['errorCount']>().toEqualTypeOf<number>();
    expectTypeOf<Task['lastRunAt']>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<Task['lastRunDuration']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Task['nextRunAt']>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<Task['lastError']>().toEqualTypeOf<unknown>();
  });

  it('lets an option be assigned its raw form on an inactive task', () => {
    const task = scheduler.add(() => {}, { ...off, interval: 1_000 });
    task.interval = '5s';
    task.firstRun = Date.now();
    expect(() => {
      // @ts-expect-error: the key cannot be edited
      task.key = 'other';
    }).toThrow(TypeError);
  });
});

describe('event argument types', () => {
  it('types every listener’s arguments', () => {
    scheduler.on('taskStart', (task, run) => {
      expectTypeOf(task).toEqualTypeOf<Task>();
      expectTypeOf(run).toEqualTypeOf<RunInfo>();
    });
    scheduler.on('taskSuccess', (task, run) => {
      expectTypeOf(task).toEqualTypeOf<Task>();
      expectTypeOf(run.duration).toEqualTypeOf<number>();
      expectTypeOf(run.value).toEqualTypeOf<unknown>();
    });
    scheduler.on('taskError', (task, error, run) => {
      expectTypeOf(task).toEqualTypeOf<Task>();
      expectTypeOf(error).toEqualTypeOf<unknown>();
      expectTypeOf(run).toEqualTypeOf<RunEnd>();
    });
    scheduler.on('taskSkip', (task, skip) => {
      expectTypeOf(task).toEqualTypeOf<Task>();
      expectTypeOf(skip.scheduledAt).toEqualTypeOf<Date>();
      expectTypeOf(skip.reason).toEqualTypeOf<SkipReason>();
    });
    scheduler.on('taskComplete', (task) => {
      expectTypeOf(task).toEqualTypeOf<Task>();
    });
    scheduler.on('taskRemove', (task) => {
      expectTypeOf(task).toEqualTypeOf<Task>();
    });
    // @ts-expect-error: not an event of the scheduler
    scheduler.on('taskFinished', () => {});
  });

  it('types the errors’ structured fields', () => {
    expectTypeOf<SchedulerError['key']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<InvalidTaskOptionsError['option']>().toEqualTypeOf<string>();
    expectTypeOf<InvalidTaskOptionsError>().toExtend<SchedulerError>();
  });
});
