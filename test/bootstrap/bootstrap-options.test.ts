/**
 * Issue 9, `bootstrap()`: its options, its overrides and `App.close()`'s options are validated before
 * anything changes (no scheduler made, nothing registered in the container, no signal listener), and
 * every refusal is a rejection with an `InvalidSettingsError` (`InvalidOverridesError` for override
 * maps) naming the path, or an `InvalidTaskOptionsError` for a task's own override.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { container, type DependencyContainer } from 'tsyringe';

import {
  App,
  InvalidOverridesError,
  InvalidSettingsError,
  InvalidTaskOptionsError,
  InvalidWorkerSettingsError,
  Scheduled,
  Scheduler,
  SCHEDULE_OVERRIDES,
  bootstrap,
  type BootstrapOptions,
} from '../../src/index.js';
import { HostileError, rejection, trapping, withThrowingGetter } from '../validation/hostile.js';
import { recordingLogger, START } from './helpers.js';
import { unreachableCoordinator } from '../helpers/coordinators.js';

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

function appContainer(): DependencyContainer {
  class Reports {
    @Scheduled({ interval: '5s' })
    refresh(): void {}
  }
  const child = container.createChildContainer();
  child.registerSingleton(Reports);
  return child;
}

/** Starts bootstrap with `options` and checks that it rejects (never throws) with `type`. */
async function refused<E extends InvalidSettingsError | InvalidTaskOptionsError>(
  options: unknown,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  let started: Promise<App> | undefined;
  expect(() => (started = bootstrap(options as BootstrapOptions))).not.toThrow();
  return rejection(started!, type);
}

/** The state bootstrap may change: the container's registrations and the process's signal listeners. */
function expectUntouched(child: DependencyContainer, signalListeners: number): void {
  expect(child.isRegistered(Scheduler)).toBe(false);
  expect(child.isRegistered(App)).toBe(false);
  expect(process.listenerCount('SIGINT')).toBe(signalListeners);
}

describe('bootstrap(options)', () => {
  it.each([[null], [5], ['x'], [[]]])('rejects %o as the options', async (options) => {
    expect((await refused(options, InvalidSettingsError)).option).toBe('options');
  });

  it.each([
    [{ logger: {} }, 'logger.info'],
    [{ logger: 5 }, 'logger'],
    [{ logger: { error: (): void => {} } }, 'logger.info'],
    [{ container: {} }, 'container.isRegistered'],
    [{ handleSignals: 'yes' }, 'handleSignals'],
    [{ handelSignals: true }, 'handelSignals'],
    [{ clock: {} }, 'clock.now'],
    [{ coordinator: {} }, 'coordinator.register'],
  ])('rejects %o naming %s, changing nothing', async (options, option) => {
    const child = appContainer();
    const listeners = process.listenerCount('SIGINT');
    const error = await refused({ container: child, handleSignals: true, ...options }, InvalidSettingsError);
    expect(error.option).toBe(option);
    expectUntouched(child, listeners);
  });

  it('refuses workers through their own table', async () => {
    const error = await refused(
      { container: appContainer(), workers: { threads: 'abc' } },
      InvalidWorkerSettingsError,
    );
    expect(error.option).toBe('workers.threads');
  });

  it('lists the known options with a typo', async () => {
    const error = await refused({ handelSignals: true }, InvalidSettingsError);
    expect(error.message).toBe(
      'handelSignals is not a setting (known: container, overrides, workers, coordinator, logger, handleSignals, clock, runInline)',
    );
  });

  it('names an option whose getter throws, with the cause', async () => {
    const error = await refused(withThrowingGetter({}, 'logger'), InvalidSettingsError);
    expect(error.option).toBe('logger');
    expect(error.cause).toBeInstanceOf(HostileError);
  });

  it('does not listen to the coordinator when an option is refused', async () => {
    const coordinator = unreachableCoordinator();
    await refused({ container: appContainer(), coordinator, logger: {} }, InvalidSettingsError);
    expect(coordinator.listened).toBe(0);
  });
});

describe('overrides', () => {
  it.each([[5], ['x'], [[]], [null]])(
    'rejects bootstrap({ overrides: %o }) as InvalidOverridesError',
    async (overrides) => {
      const child = appContainer();
      const error = await refused(
        { container: child, overrides, logger: recordingLogger() },
        InvalidOverridesError,
      );
      expect(error.option).toBe('overrides');
      expect(error.key).toBeUndefined();
      expectUntouched(child, process.listenerCount('SIGINT'));
    },
  );

  it('names a registered override map that is not one by its registration', async () => {
    const child = appContainer();
    child.register(SCHEDULE_OVERRIDES, { useValue: {} });
    child.register(SCHEDULE_OVERRIDES, { useValue: 5 as never });
    const error = await refused({ container: child, logger: recordingLogger() }, InvalidOverridesError);
    expect(error.option).toBe('SCHEDULE_OVERRIDES[1]');
    expectUntouched(child, process.listenerCount('SIGINT'));
  });

  it('names the key whose override cannot be read', async () => {
    const overrides = withThrowingGetter({}, 'Reports.refresh');
    const error = await refused(
      { container: appContainer(), overrides, logger: recordingLogger() },
      InvalidOverridesError,
    );
    expect(error.option).toBe('overrides["Reports.refresh"]');
    expect(error.cause).toBeInstanceOf(HostileError);
    const proxied = await refused(
      { container: appContainer(), overrides: trapping('ownKeys', {}), logger: recordingLogger() },
      InvalidOverridesError,
    );
    expect(proxied.option).toBe('overrides');
  });

  it('refuses a hostile option inside a task’s override as that task’s option, before touching the container', async () => {
    const child = appContainer();
    const overrides = { 'Reports.refresh': withThrowingGetter({}, 'interval') };
    const error = await refused(
      { container: child, overrides, logger: recordingLogger() },
      InvalidTaskOptionsError,
    );
    expect(error.key).toBe('Reports.refresh');
    expect(error.option).toBe('interval');
    expect(error.cause).toBeInstanceOf(HostileError);
    expectUntouched(child, process.listenerCount('SIGINT'));
  });

  it('refuses a bad override value before touching the container', async () => {
    const child = appContainer();
    const overrides = { 'Reports.refresh': { runs: 0 } };
    const error = await refused(
      { container: child, overrides, logger: recordingLogger() },
      InvalidTaskOptionsError,
    );
    expect(error.option).toBe('runs');
    expectUntouched(child, process.listenerCount('SIGINT'));
  });
});

describe('App.close(options)', () => {
  it.each([[null], [{ timeout: Number.NaN }], [{ timout: 1 }]])(
    'rejects %o and leaves the app, its signal listeners and its tasks as they were',
    async (options) => {
      const listeners = process.listenerCount('SIGINT');
      const app = await bootstrap({
        container: appContainer(),
        handleSignals: true,
        logger: recordingLogger(),
      });
      const error = await rejection(app.close(options as never), InvalidSettingsError);
      expect(error.option.startsWith('close')).toBe(true);
      expect(app.isClosed).toBe(false);
      expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
      expect(app.scheduler.tasks.get('Reports.refresh')?.isActive).toBe(true);
      await app.close();
      expect(process.listenerCount('SIGINT')).toBe(listeners);
    },
  );
});
