/**
 * Inside a crontainer worker (the realm mark `worker.ts` sets), bootstrap() starts nothing: no task, no
 * cluster link, no signal handler; it registers an inert Scheduler and App so services still resolve.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { container, singleton } from 'tsyringe';

import { App, Scheduled, Scheduler, bootstrap, isCrontainerWorker } from '../../src/index.js';
import { markWorkerRealm } from '../../src/runners/worker-realm.js';
import { unreachableCoordinator } from '../helpers/coordinators.js';
import { recordingLogger } from './helpers.js';

const WORKER_MARK = Symbol.for('crontainer.worker');

afterEach(() => {
  Reflect.deleteProperty(globalThis, WORKER_MARK);
  container.reset();
});

describe('bootstrap() inside a worker', () => {
  it('starts no task, joins no cluster, adds no signal handler, and registers an inert app', async () => {
    const child = container.createChildContainer();
    @singleton()
    class Ticker {
      @Scheduled({ interval: 1_000 })
      tick(): void {}
    }
    child.registerSingleton(Ticker);
    const coordinator = unreachableCoordinator();
    const logger = recordingLogger();
    const sigterm = process.listenerCount('SIGTERM');

    markWorkerRealm();
    expect(isCrontainerWorker()).toBe(true);
    const app = await bootstrap({ container: child, coordinator, logger, handleSignals: true });

    expect(app.scheduler.tasks.size).toBe(0);
    expect(coordinator.listened).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(sigterm);
    expect(logger.info).not.toHaveBeenCalled();
    expect(child.resolve(Scheduler)).toBe(app.scheduler);
    expect(child.resolve(App)).toBe(app);
    await app.close();
  });

  it('still refuses bad options there', async () => {
    markWorkerRealm();
    await expect(bootstrap({ handelSignals: true } as never)).rejects.toMatchObject({
      name: 'InvalidSettingsError',
    });
  });
});
