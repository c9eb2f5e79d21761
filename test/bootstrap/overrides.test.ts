import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { container, type DependencyContainer } from 'tsyringe';

import {
  bootstrap,
  InvalidTaskOptionsError,
  Scheduled,
  SCHEDULE_OVERRIDES,
  UnknownOverrideError,
  type App,
  type BootstrapOptions,
} from '../../src/index.js';
import { recordingLogger, START } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A child container with fresh decorated classes, so every test starts from its own definitions. */
function appContainer(): DependencyContainer {
  class ReportService {
    @Scheduled({ interval: '5s', runs: 100 })
    refresh(): void {}
    @Scheduled({ cron: '0 * * * *', timezone: 'Europe/Berlin' })
    rollup(): void {}
  }
  class CacheWarmer {
    @Scheduled({ interval: '1s' })
    warm(): void {}
  }
  const child = container.createChildContainer();
  child.registerSingleton(ReportService);
  child.registerSingleton(CacheWarmer);
  return child;
}

async function failure(options: BootstrapOptions): Promise<unknown> {
  return bootstrap({ logger: recordingLogger(), ...options }).then(
    async (app: App) => {
      await app.close();
      throw new Error('expected bootstrap to fail');
    },
    (error: unknown) => error,
  );
}

describe('schedule overrides', () => {
  it('applies overrides registered in the container over the decorator options', async () => {
    const child = appContainer();
    child.register(SCHEDULE_OVERRIDES, { useValue: { 'ReportService.refresh': { interval: '1m' } } });
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    const task = app.scheduler.tasks.get('ReportService.refresh');
    expect(task?.interval).toBe(60_000);
    expect(task?.runs).toBe(100);
    await app.close();
  });

  it('lets bootstrap overrides win over the container ones, option by option', async () => {
    const child = appContainer();
    child.register(SCHEDULE_OVERRIDES, {
      useValue: { 'ReportService.refresh': { interval: '1m', runs: 3 } },
    });
    const app = await bootstrap({
      container: child,
      logger: recordingLogger(),
      overrides: { 'ReportService.refresh': { interval: '2m' } },
    });
    const task = app.scheduler.tasks.get('ReportService.refresh');
    expect(task?.interval).toBe(120_000);
    expect(task?.runs).toBe(3);
    await app.close();
  });

  it('merges several container registrations in registration order', async () => {
    const child = appContainer();
    child.register(SCHEDULE_OVERRIDES, { useValue: { 'CacheWarmer.warm': { interval: '2s', runs: 5 } } });
    child.register(SCHEDULE_OVERRIDES, { useValue: { 'CacheWarmer.warm': { interval: '3s' } } });
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    expect(app.scheduler.tasks.get('CacheWarmer.warm')?.interval).toBe(3_000);
    expect(app.scheduler.tasks.get('CacheWarmer.warm')?.runs).toBe(5);
    await app.close();
  });

  it('switches a task from interval to cron and from cron to interval', async () => {
    const app = await bootstrap({
      container: appContainer(),
      logger: recordingLogger(),
      overrides: {
        'ReportService.refresh': { cron: '*/10 * * * * *' },
        'ReportService.rollup': { interval: '30s' },
      },
    });
    const refresh = app.scheduler.tasks.get('ReportService.refresh');
    expect(refresh?.cron).toBe('*/10 * * * * *');
    expect(refresh?.interval).toBeUndefined();
    const rollup = app.scheduler.tasks.get('ReportService.rollup');
    expect(rollup?.interval).toBe(30_000);
    expect(rollup?.cron).toBeUndefined();
    expect(rollup?.timezone).toBeUndefined();
    await app.close();
  });

  it('registers a task switched off with enabled: false, inactive', async () => {
    const ran = vi.fn();
    class Switchable {
      @Scheduled({ interval: '1s' })
      run(): void {
        ran();
      }
    }
    const child = container.createChildContainer();
    child.registerSingleton(Switchable);
    child.register(SCHEDULE_OVERRIDES, { useValue: { 'Switchable.run': { enabled: false } } });
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(app.scheduler.tasks.get('Switchable.run')?.isActive).toBe(false);
    expect(ran).not.toHaveBeenCalled();
    app.scheduler.restart('Switchable.run');
    await vi.advanceTimersByTimeAsync(10);
    expect(ran).toHaveBeenCalledTimes(1);
    await app.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('parses strings from the environment like any option, and undefined keeps the decorator value', async () => {
    const env: Record<string, string | undefined> = { REFRESH_EVERY: '250ms', WARM_EVERY: undefined };
    const app = await bootstrap({
      container: appContainer(),
      logger: recordingLogger(),
      overrides: {
        'ReportService.refresh': { interval: env.REFRESH_EVERY ?? '5s' },
        'CacheWarmer.warm': { interval: env.WARM_EVERY },
      },
    });
    expect(app.scheduler.tasks.get('ReportService.refresh')?.interval).toBe(250);
    expect(app.scheduler.tasks.get('CacheWarmer.warm')?.interval).toBe(1_000);
    await app.close();
  });

  it('refuses a numeric string for runs, as add does', async () => {
    const error = await failure({
      container: appContainer(),
      overrides: { 'ReportService.refresh': { runs: '3' as unknown as number } },
    });
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    expect((error as InvalidTaskOptionsError).key).toBe('ReportService.refresh');
    expect((error as InvalidTaskOptionsError).option).toBe('runs');
  });

  it('refuses an override for an unknown key, listing the known keys', async () => {
    const error = await failure({
      container: appContainer(),
      overrides: { 'ReportService.refesh': { interval: '1m' } },
    });
    expect(error).toBeInstanceOf(UnknownOverrideError);
    expect((error as UnknownOverrideError).key).toBe('ReportService.refesh');
    expect((error as UnknownOverrideError).knownKeys).toEqual([
      'CacheWarmer.warm',
      'ReportService.refresh',
      'ReportService.rollup',
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses an unknown key registered in the container too', async () => {
    const child = appContainer();
    child.register(SCHEDULE_OVERRIDES, { useValue: { nope: { enabled: false } } });
    expect(await failure({ container: child })).toBeInstanceOf(UnknownOverrideError);
  });

  it('refuses to override the key, an unknown option, and an invalid combination', async () => {
    const cases = [
      [{ key: 'renamed' }, 'key'],
      [{ intervall: '1s' }, 'intervall'],
      [{ module: '/x.js' }, 'module'],
      [{ timezone: 'Europe/Paris' }, 'timezone'],
      [{ interval: '1s', cron: '* * * * *' }, 'cron'],
    ] as const;
    for (const [override, option] of cases) {
      const error = await failure({
        container: appContainer(),
        overrides: { 'CacheWarmer.warm': override as never },
      });
      expect(error, option).toBeInstanceOf(InvalidTaskOptionsError);
      expect((error as InvalidTaskOptionsError).key).toBe('CacheWarmer.warm');
      expect((error as InvalidTaskOptionsError).option).toBe(option);
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});
