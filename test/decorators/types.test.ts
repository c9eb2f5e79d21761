import { describe, expectTypeOf, it } from 'vitest';

import {
  bootstrap,
  type App,
  type BootstrapOptions,
  type Logger,
  type ScheduleOverrides,
  type Scheduler,
} from '../../src/index.js';

describe('public types of decorators and bootstrap', () => {
  it('bootstrap resolves to an App holding the scheduler', () => {
    expectTypeOf(bootstrap).returns.toEqualTypeOf<Promise<App>>();
    expectTypeOf<App['scheduler']>().toEqualTypeOf<Scheduler>();
    expectTypeOf<App>().toExtend<AsyncDisposable>();
  });

  it('accepts console and any { info, warn, error } as the logger', () => {
    expectTypeOf(console).toExtend<Logger>();
    expectTypeOf<{
      info(m: string): void;
      warn(m: string): void;
      error(m: string): void;
    }>().toExtend<Logger>();
    expectTypeOf<BootstrapOptions['logger']>().toEqualTypeOf<Logger | undefined>();
  });

  it('overrides take task options but not the key', () => {
    const ok: ScheduleOverrides = { 'A.b': { interval: '5s', enabled: false }, 'C.d': { cron: '* * * * *' } };
    // @ts-expect-error: the key is what an override is matched by
    const withKey: ScheduleOverrides = { 'A.b': { key: 'other' } };
    expectTypeOf(ok).toExtend<ScheduleOverrides>();
    expectTypeOf(withKey).toExtend<ScheduleOverrides>();
  });
});
