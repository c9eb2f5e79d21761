import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { container, inject, injectable, Lifecycle, scoped, singleton } from 'tsyringe';

import {
  App,
  bootstrap,
  DuplicateTaskError,
  InvalidTaskOptionsError,
  Scheduled,
  Scheduler,
  SchedulerError,
  type TaskContext,
} from '../../src/index.js';
import { recordingLogger, messages, START } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
  // @singleton()/@scoped() register in the root container; each test defines fresh classes, and this
  // keeps them from being seen by the next test's bootstrap.
  container.reset();
});

describe('bootstrap resolves each registered decorated class once', () => {
  it('binds methods to the instance the app gets, with its injected dependencies', async () => {
    class Database {
      readonly rows: string[] = [];
    }
    @injectable()
    class ReportService {
      readonly seen: unknown[] = [];
      constructor(readonly db: Database) {}
      @Scheduled({ interval: '1s', runs: 2 })
      refresh(): void {
        this.seen.push(this);
        this.db.rows.push('report');
      }
    }
    const child = container.createChildContainer();
    child.registerSingleton(Database);
    child.registerSingleton(ReportService);
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(2_500);

    const service = child.resolve(ReportService);
    expect(service.seen).toEqual([service, service]);
    expect(child.resolve(Database).rows).toEqual(['report', 'report']);
    expect(app.scheduler.tasks.get('ReportService.refresh')?.runCount).toBe(2);
    await app.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('finds @singleton() classes (registered in the root) through a child container', async () => {
    const constructed = vi.fn();
    @singleton()
    class Cache {
      constructor() {
        constructed();
      }
      @Scheduled({ interval: '1s', runs: 1 })
      warm(): unknown {
        return this;
      }
      @Scheduled({ key: 'Cache.purge', interval: '1s', runs: 1 })
      purge(): void {}
    }
    const app = await bootstrap({ container: container.createChildContainer(), logger: recordingLogger() });
    const values = new Map<string, unknown>();
    app.scheduler.on('taskSuccess', (task, run) => values.set(task.key, run.value));
    await vi.advanceTimersByTimeAsync(10);
    expect(constructed).toHaveBeenCalledTimes(1);
    expect(values.get('Cache.warm')).toBe(container.resolve(Cache));
    await app.close();
  });

  it('resolves a transient class once for all its methods', async () => {
    const constructed = vi.fn();
    class Transient {
      constructor() {
        constructed();
      }
      @Scheduled({ interval: '1s', runs: 1 })
      one(): void {}
      @Scheduled({ interval: '1s', runs: 1 })
      two(): void {}
    }
    const child = container.createChildContainer();
    child.register(Transient, { useClass: Transient });
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(constructed).toHaveBeenCalledTimes(1);
    expect(app.scheduler.tasks.get('Transient.two')?.runCount).toBe(1);
    await app.close();
  });

  it('uses the child container’s own instance of a container-scoped class', async () => {
    @scoped(Lifecycle.ContainerScoped)
    class PerTenant {
      readonly runs: unknown[] = [];
      @Scheduled({ interval: '1s', runs: 1 })
      sync(): void {
        this.runs.push(this);
      }
    }
    const tenant = container.createChildContainer();
    const app = await bootstrap({ container: tenant, logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(10);
    const instance = tenant.resolve(PerTenant);
    expect(instance.runs).toEqual([instance]);
    expect(container.createChildContainer().resolve(PerTenant)).not.toBe(instance);
    await app.close();
  });

  it('warns about a decorated class the container does not know, and does not schedule it', async () => {
    @injectable()
    class Forgotten {
      @Scheduled({ interval: '1s' })
      run(): void {}
    }
    const logger = recordingLogger();
    const app = await bootstrap({ container: container.createChildContainer(), logger });
    expect(app.scheduler.tasks.has('Forgotten.run')).toBe(false);
    const warning = messages(logger.warn).find((message) => message.includes(Forgotten.name));
    expect(warning).toMatch(/register it .*or mark it @singleton\(\)/);
    await app.close();
  });

  it('refuses the same key on two classes, naming both', async () => {
    class First {
      @Scheduled({ key: 'shared', interval: '1s' })
      a(): void {}
    }
    class Second {
      @Scheduled({ key: 'shared', interval: '1s' })
      b(): void {}
    }
    const child = container.createChildContainer();
    child.registerSingleton(First);
    child.registerSingleton(Second);
    const error: unknown = await bootstrap({ container: child, logger: recordingLogger() }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DuplicateTaskError);
    expect((error as DuplicateTaskError).key).toBe('shared');
    expect((error as DuplicateTaskError).owners).toEqual(['First.a', 'Second.b']);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('App, Scheduler and the context', () => {
  it('registers Scheduler and App before resolving services, so services can inject them', async () => {
    @injectable()
    class Maintenance {
      readonly extraRuns: number[] = [];
      contextApp: unknown;
      constructor(
        readonly scheduler: Scheduler,
        @inject(App) readonly app: App,
      ) {}
      @Scheduled({ interval: '1s', runs: 1 })
      plan(ctx: TaskContext): void {
        this.contextApp = ctx.app;
        this.scheduler.add(
          (inner) => {
            this.extraRuns.push(inner.runNumber);
          },
          { key: 'extra', interval: '1s', runs: 2 },
        );
      }
    }
    const child = container.createChildContainer();
    child.registerSingleton(Maintenance);
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    const maintenance = child.resolve(Maintenance);
    expect(maintenance.scheduler).toBe(app.scheduler);
    expect(maintenance.app).toBe(app);
    expect(child.resolve(Scheduler)).toBe(app.scheduler);
    expect(child.resolve(App)).toBe(app);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(maintenance.contextApp).toBe(app);
    expect(maintenance.extraRuns).toEqual([1, 2]);
    expect(app.scheduler.stop('extra')).toBe(true);
    await app.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes through Symbol.asyncDispose and is idempotent', async () => {
    const app = await bootstrap({ container: container.createChildContainer(), logger: recordingLogger() });
    await app[Symbol.asyncDispose]();
    await app.close();
    expect(app.isClosed).toBe(true);
    expect(app.scheduler.isClosed).toBe(true);
  });

  it('logs what it registered through the given logger', async () => {
    class Logged {
      @Scheduled({ interval: '1s' })
      run(): void {}
    }
    const child = container.createChildContainer();
    child.registerSingleton(Logged);
    const logger = recordingLogger();
    const app = await bootstrap({ container: child, logger });
    expect(messages(logger.info).some((message) => message.includes('Logged.run'))).toBe(true);
    await app.close();
  });
});

describe('handleSignals', () => {
  it('closes gracefully on SIGTERM and removes its listeners', async () => {
    const before = process.listenerCount('SIGTERM');
    const app = await bootstrap({
      container: container.createChildContainer(),
      logger: recordingLogger(),
      handleSignals: true,
    });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    process.emit('SIGTERM');
    await vi.waitFor(() => {
      expect(app.scheduler.isClosed).toBe(true);
    });
    await app.close();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('removes its listeners when the app is closed without a signal', async () => {
    const before = process.listenerCount('SIGINT');
    const app = await bootstrap({
      container: container.createChildContainer(),
      logger: recordingLogger(),
      handleSignals: true,
    });
    await app.close();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('a refused close changes nothing: listeners, tasks and a later close all still work', async () => {
    const before = process.listenerCount('SIGTERM');
    const child = container.createChildContainer();
    @singleton()
    class Ticker {
      ticks = 0;
      @Scheduled({ interval: 1_000 })
      tick(): void {
        this.ticks += 1;
      }
    }
    child.registerSingleton(Ticker);
    const app = await bootstrap({ container: child, logger: recordingLogger(), handleSignals: true });
    await expect(app.close({ timeout: -1 })).rejects.toBeInstanceOf(SchedulerError);
    expect(app.isClosed).toBe(false);
    expect(app.scheduler.isClosed).toBe(false);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    const ticker = child.resolve(Ticker);
    const ticks = ticker.ticks;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ticker.ticks).toBeGreaterThan(ticks);
    await app.close();
    expect(app.scheduler.isClosed).toBe(true);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('adds no listeners by default', async () => {
    const before = process.listenerCount('SIGTERM');
    const app = await bootstrap({ container: container.createChildContainer(), logger: recordingLogger() });
    expect(process.listenerCount('SIGTERM')).toBe(before);
    await app.close();
  });
});

describe('two phases', () => {
  it('starts nothing when a constructor fails, and closes the scheduler', async () => {
    const ran = vi.fn();
    class Healthy {
      @Scheduled({ interval: '1s' })
      run(): void {
        ran();
      }
    }
    class Broken {
      constructor() {
        throw new Error('no database');
      }
      @Scheduled({ interval: '1s' })
      run(): void {}
    }
    const child = container.createChildContainer();
    child.registerSingleton(Healthy);
    child.registerSingleton(Broken);
    await expect(bootstrap({ container: child, logger: recordingLogger() })).rejects.toThrow('no database');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ran).not.toHaveBeenCalled();
    expect(child.resolve(Scheduler).isClosed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('validates every task before resolving any instance', async () => {
    const constructed = vi.fn();
    class Eager {
      constructor() {
        constructed();
      }
      @Scheduled({ interval: '1s' })
      run(): void {}
    }
    class Misconfigured {
      @Scheduled({ interval: '1s' })
      run(): void {}
    }
    const child = container.createChildContainer();
    child.registerSingleton(Eager);
    child.registerSingleton(Misconfigured);
    const error: unknown = await bootstrap({
      container: child,
      logger: recordingLogger(),
      overrides: { 'Misconfigured.run': { interval: 'soon' } },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    expect((error as InvalidTaskOptionsError).key).toBe('Misconfigured.run');
    expect((error as InvalidTaskOptionsError).option).toBe('interval');
    expect(constructed).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
