import { afterEach, describe, expect, it, vi } from 'vitest';
import { container } from 'tsyringe';

import { bootstrap, InvalidTaskOptionsError, Scheduled, Scheduler } from '../../src/index.js';
import { recordScheduledMethod } from '../../src/decorators/metadata.js';
import { toRunTarget } from '../../src/runners/target.js';
import { recordingLogger } from './helpers.js';

const THIS_MODULE = new URL(import.meta.url).href;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bootstrap and THREAD/PROCESS decorated methods', () => {
  it('registers them with the service-method target, and ASYNC ones bound to the instance', async () => {
    class Crunch {
      @Scheduled({ interval: '1m', runType: 'THREAD', enabled: false })
      primes(): number {
        return 2;
      }
      @Scheduled({ interval: '1m', runType: 'PROCESS', enabled: false })
      isolated(): void {}
      @Scheduled({ interval: '1m', enabled: false })
      local(): unknown {
        return this;
      }
    }
    const register = vi.spyOn(Scheduler.prototype, 'registerResolved');
    const child = container.createChildContainer();
    child.registerSingleton(Crunch);
    const app = await bootstrap({ container: child, logger: recordingLogger() });

    const sources = new Map(register.mock.calls.map(([source, options]) => [options.key, source]));
    for (const [key, runType, methodName] of [
      ['Crunch.primes', 'THREAD', 'primes'],
      ['Crunch.isolated', 'PROCESS', 'isolated'],
    ] as const) {
      expect(toRunTarget(sources.get(key), runType, key)).toEqual({
        kind: 'service-method',
        url: THIS_MODULE,
        className: 'Crunch',
        methodName,
        // bootstrap's copy bound to the app's instance, for runInline.
        fn: sources.get(key),
      });
    }
    const local = sources.get('Crunch.local') as () => unknown;
    expect(local()).toBe(child.resolve(Crunch));
    await app.close();
  });

  it('keeps the method identity across runType edits, and `this` when switched to ASYNC', async () => {
    class Switching {
      readonly seen: unknown[] = [];
      @Scheduled({ interval: '1m', runType: 'THREAD', enabled: false })
      work(): void {
        this.seen.push(this);
      }
    }
    const child = container.createChildContainer();
    child.registerSingleton(Switching);
    const app = await bootstrap({ container: child, logger: recordingLogger() });
    const task = app.scheduler.tasks.get('Switching.work')!;
    task.runType = 'ASYNC';
    app.scheduler.restart('Switching.work');
    const instance = child.resolve(Switching);
    await vi.waitFor(() => {
      expect(instance.seen).toEqual([instance]);
    });
    app.scheduler.stop('Switching.work');
    task.runType = 'PROCESS';
    expect(task.runType).toBe('PROCESS');
    await app.close();
  });

  it('fails with option `module` when the module of a THREAD method is unknown', async () => {
    class Unlocated {
      work(): void {}
    }
    recordScheduledMethod(Unlocated, {
      methodName: 'work',
      options: { key: 'Unlocated.work', interval: '1s', runType: 'THREAD' },
      moduleUrl: undefined,
    });
    const child = container.createChildContainer();
    child.registerSingleton(Unlocated);
    const error: unknown = await bootstrap({ container: child, logger: recordingLogger() }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidTaskOptionsError);
    expect((error as InvalidTaskOptionsError).key).toBe('Unlocated.work');
    expect((error as InvalidTaskOptionsError).option).toBe('module');
  });
});
