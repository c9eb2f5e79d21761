/**
 * Type-level tests of `crontainer/testing` and the `runInline` option (checked by `npm run typecheck`;
 * `@ts-expect-error` lines prove what must not compile).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  Scheduler,
  type BootstrapOptions,
  type Clock,
  type Duration,
  type InlineRunSettings,
  type SchedulerOptions,
  type TaskJSON,
  type Task,
} from '../../src/index.js';
import { TestClock, TestKitError, type AdvanceReport, type TestClockOptions } from '../../src/testing.js';

describe('crontainer/testing types', () => {
  it('TestClock is a Clock with awaitable moves', () => {
    expectTypeOf<TestClock>().toExtend<Clock>();
    expectTypeOf<TestClock['advance']>().toEqualTypeOf<(span: Duration) => Promise<AdvanceReport>>();
    expectTypeOf<TestClock['advanceTo']>().toEqualTypeOf<(time: Date | number) => Promise<AdvanceReport>>();
    expectTypeOf<TestClock['next']>().toEqualTypeOf<() => Promise<AdvanceReport>>();
    expectTypeOf<TestClock['timerCount']>().toEqualTypeOf<number>();
    expectTypeOf<TestClock['pendingRuns']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<AdvanceReport>().toEqualTypeOf<{
      readonly started: number;
      readonly pending: readonly string[];
    }>();
    expectTypeOf<TestClockOptions['now']>().toEqualTypeOf<Date | number | undefined>();
    expectTypeOf<TestKitError['option']>().toEqualTypeOf<string>();
  });

  it('runInline takes a boolean or settings, on the scheduler and on bootstrap', async () => {
    expectTypeOf<SchedulerOptions['runInline']>().toEqualTypeOf<boolean | InlineRunSettings | undefined>();
    expectTypeOf<BootstrapOptions['runInline']>().toEqualTypeOf<boolean | InlineRunSettings | undefined>();
    expectTypeOf<InlineRunSettings['import']>().toEqualTypeOf<
      ((url: string) => Promise<unknown>) | undefined
    >();
    const scheduler = new Scheduler({ runInline: { import: (url) => import(/* @vite-ignore */ url) } });
    await scheduler.close();
    // @ts-expect-error: not a setting of runInline
    expect(() => new Scheduler({ runInline: { imports: () => Promise.resolve() } })).toThrow(TestKitError);
  });

  it('Task.toJSON is typed', () => {
    expectTypeOf<ReturnType<Task['toJSON']>>().toEqualTypeOf<TaskJSON>();
    expectTypeOf<TaskJSON['lastError']>().toEqualTypeOf<{
      readonly name: string;
      readonly message: string;
    } | null>();
    expectTypeOf<TaskJSON['lastRunAt']>().toEqualTypeOf<string | null>();
  });
});
