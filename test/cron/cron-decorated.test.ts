/**
 * Cron through `@Scheduled` and `bootstrap`: checked at decoration time, and scheduled by the same
 * timetable as `add` (including an override that switches a decorated interval to cron).
 */
import { container } from 'tsyringe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { bootstrap, InvalidTaskOptionsError, Scheduled, type Logger } from '../../src/index.js';

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('cron on decorated methods', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-07T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses an invalid expression or zone when the class is decorated', () => {
    const decorate = (options: Parameters<typeof Scheduled>[0]): unknown => {
      try {
        class Jobs {
          @Scheduled(options)
          run(): void {}
        }
        return Jobs;
      } catch (error) {
        return error;
      }
    };
    expect(decorate({ cron: '61 * * * *' })).toMatchObject({ key: 'Jobs.run', option: 'cron' });
    expect(decorate({ cron: '0 9 * * *', timezone: 'Atlantis/Capital' })).toMatchObject({
      key: 'Jobs.run',
      option: 'timezone',
    });
    expect(decorate({ cron: '0 9 * * *', timezone: 'Atlantis/Capital' })).toBeInstanceOf(
      InvalidTaskOptionsError,
    );
  });

  it('runs a decorated cron method across the New York spring-forward night, and an override switches interval to cron', async () => {
    const seen: string[] = [];
    class Jobs {
      @Scheduled({ cron: '30 2 * * *', timezone: 'America/New_York' })
      nightly(): void {
        seen.push(`nightly ${new Date().toISOString()}`);
      }
      @Scheduled({ interval: '1h' })
      report(): void {
        seen.push(`report ${new Date().toISOString()}`);
      }
    }
    const child = container.createChildContainer();
    child.registerSingleton(Jobs);
    const app = await bootstrap({
      container: child,
      logger: silent,
      overrides: { 'Jobs.report': { cron: '0 12 * * *', timezone: 'UTC' } },
    });
    const report = app.scheduler.tasks.get('Jobs.report');
    expect(report?.interval).toBeUndefined();
    expect(report?.nextRunAt?.toISOString()).toBe('2026-03-07T12:00:00.000Z');
    await vi.advanceTimersByTimeAsync(26 * 3_600_000);
    expect(seen).toEqual([
      'report 2026-03-07T12:00:00.000Z',
      'nightly 2026-03-08T07:00:00.000Z', // 02:30 does not exist that night: 03:00 EDT
      'report 2026-03-08T12:00:00.000Z',
    ]);
    await app.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
