/**
 * Issue 9, the scheduler's settings: `new Scheduler()` (clock, app, workers, coordinator, logger),
 * `close()`, `stop()` and the keys of `stop`/`restart`/`remove` are validated before anything changes,
 * each refusal an `InvalidSettingsError` (`InvalidWorkerSettingsError` for `workers`) whose `option`
 * is the setting's path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  InvalidSettingsError,
  InvalidWorkerSettingsError,
  Scheduler,
  type SchedulerOptions,
} from '../../src/index.js';
import { FakeClock, RecordingLogger } from '../scheduler/helpers.js';
import { HostileError, refusal, rejection, trapping, withThrowingGetter } from './hostile.js';
import { silentCoordinator } from '../helpers/coordinators.js';

const noop = (): void => {};
const zero = (): number => 0;

function construct(options: unknown): () => Scheduler {
  return () => new Scheduler(options as SchedulerOptions);
}

describe('new Scheduler(options)', () => {
  it.each([[null], [5], ['x'], [[]], [() => ({})]])('refuses %o as the options', (options) => {
    expect(refusal(construct(options), InvalidSettingsError).option).toBe('options');
  });

  it('refuses an unknown name, listing the known ones', () => {
    const error = refusal(construct({ clok: new FakeClock() }), InvalidSettingsError);
    expect(error.option).toBe('clok');
    expect(error.message).toBe(
      'clok is not a setting (known: clock, app, workers, coordinator, logger, runnerFactories, runInline)',
    );
  });

  it.each([
    [{ clock: {} }, 'clock.now'],
    [{ clock: 5 }, 'clock'],
    [{ clock: { now: zero, setTimeout: noop, clearTimeout: noop } }, 'clock.monotonic'],
    [{ clock: { now: zero, monotonic: zero, setTimeout: noop, clearTimeout: 5 } }, 'clock.clearTimeout'],
    [{ clock: Object.assign(new FakeClock(), { setImmediate: noop }) }, 'clock.clearImmediate'],
    [{ clock: Object.assign(new FakeClock(), { canPoll: true }) }, 'clock.canPoll'],
    [{ logger: 5 }, 'logger'],
    [{ logger: {} }, 'logger.error'],
    [{ coordinator: {} }, 'coordinator.register'],
    [{ coordinator: { ...silentCoordinator(), claim: undefined } }, 'coordinator.claim'],
    [{ runnerFactories: { THREAD: 5 } }, 'runnerFactories.THREAD'],
    [{ runnerFactories: { WORKER: noop } }, 'runnerFactories.WORKER'],
  ])('refuses %o naming %s', (options, option) => {
    const error = refusal(construct(options), InvalidSettingsError);
    expect(error).not.toBeInstanceOf(InvalidWorkerSettingsError);
    expect(error.option).toBe(option);
    expect(error.message.startsWith(option)).toBe(true);
  });

  it('reads a clock, a logger and a coordinator through their prototypes (they are classes)', () => {
    const coordinator = silentCoordinator();
    const scheduler = new Scheduler({ clock: new FakeClock(), logger: new RecordingLogger(), coordinator });
    expect(coordinator.listened).toBe(1);
    void scheduler.close();
  });

  it('names the member whose getter throws, with the cause', () => {
    const clock = withThrowingGetter({ now: zero, monotonic: zero, clearTimeout: noop }, 'setTimeout');
    const error = refusal(construct({ clock }), InvalidSettingsError);
    expect(error.option).toBe('clock.setTimeout');
    expect(error.cause).toBeInstanceOf(HostileError);
    const options = refusal(construct(trapping('ownKeys', {})), InvalidSettingsError);
    expect(options.option).toBe('options');
    expect(options.cause).toBeInstanceOf(HostileError);
    const logger = refusal(construct(withThrowingGetter({}, 'logger')), InvalidSettingsError);
    expect(logger.option).toBe('logger');
  });

  it('builds nothing when a setting is refused: the coordinator is not listened to', () => {
    const coordinator = silentCoordinator();
    refusal(construct({ coordinator, workers: { threads: { max: 0 } } }), InvalidWorkerSettingsError);
    refusal(construct({ coordinator, logger: {} }), InvalidSettingsError);
    expect(coordinator.listened).toBe(0);
  });
});

describe('new Scheduler({ workers })', () => {
  it.each([
    [{ workers: 'x' }, 'workers'],
    [{ workers: [] }, 'workers'],
    [{ workers: { threads: 'abc' } }, 'workers.threads'],
    [{ workers: { threads: 5 } }, 'workers.threads'],
    [{ workers: { processes: [] } }, 'workers.processes'],
    [{ workers: { thread: { max: 2 } } }, 'workers.thread'],
    [{ workers: { threads: { maxx: 2 } } }, 'workers.threads.maxx'],
    [{ workers: { processes: { max: 2, mni: 1 } } }, 'workers.processes.mni'],
    [{ workers: { threads: { max: '2' } } }, 'workers.threads.max'],
    [{ workers: { idleTimeout: '1s' } }, 'workers.idleTimeout'],
    [{ workers: { entry: 5 } }, 'workers.entry'],
    [{ workers: { threads: { resourceLimits: 'x' } } }, 'workers.threads.resourceLimits'],
    [{ workers: { threads: { resourceLimits: [] } } }, 'workers.threads.resourceLimits'],
    [{ workers: { threads: { resourceLimits: { maxOld: 64 } } } }, 'workers.threads.resourceLimits.maxOld'],
  ])('refuses %o naming %s', (options, option) => {
    const error = refusal(construct(options), InvalidWorkerSettingsError);
    expect(error.option).toBe(option);
    expect(error.message.startsWith(option)).toBe(true);
  });

  it('refuses a Proxy around a URL as the entry (its brand check throws)', () => {
    const entry = new Proxy(new URL('file:///srv/entry.js'), {});
    expect(refusal(construct({ workers: { entry } }), InvalidWorkerSettingsError).option).toBe(
      'workers.entry',
    );
  });

  it('lists the known names with a typo', () => {
    const error = refusal(construct({ workers: { threads: { maxx: 2 } } }), InvalidWorkerSettingsError);
    expect(error.message).toBe('workers.threads.maxx is not a setting (known: min, max, resourceLimits)');
  });

  const LIMITS = ['maxOldGenerationSizeMb', 'maxYoungGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];

  it.each(
    LIMITS.flatMap((limit) =>
      [-5, Number.NaN, 0, Number.POSITIVE_INFINITY, '8'].map((value) => [limit, value]),
    ),
  )('refuses resourceLimits.%s = %o', (limit, value) => {
    const options = { workers: { threads: { resourceLimits: { [limit]: value } } } };
    expect(refusal(construct(options), InvalidWorkerSettingsError).option).toBe(
      `workers.threads.resourceLimits.${limit}`,
    );
  });

  it.each([
    ['maxOldGenerationSizeMb', 4],
    ['maxOldGenerationSizeMb', 7.9],
    ['stackSizeMb', 0.3],
    ['stackSizeMb', 0.99],
    ['stackSizeMb', 2_000],
    ['codeRangeSizeMb', 2_000],
  ])('refuses resourceLimits a thread cannot boot or run with: %s = %o', (limit, value) => {
    const options = { workers: { threads: { resourceLimits: { [limit]: value } } } };
    const error = refusal(construct(options), InvalidWorkerSettingsError);
    expect(error.option).toBe(`workers.threads.resourceLimits.${limit}`);
    if (limit === 'maxOldGenerationSizeMb')
      expect(error.message).toContain('≥ 8 (a thread needs that much to boot)');
  });

  it('accepts the minimums (a thread boots with them: see test/runners/worker-settings.test.ts)', () => {
    const resourceLimits = {
      maxOldGenerationSizeMb: 8,
      stackSizeMb: 1,
      maxYoungGenerationSizeMb: 1,
      codeRangeSizeMb: 1,
    };
    void new Scheduler({ workers: { threads: { resourceLimits } } }).close();
  });

  it('names the nested setting whose getter throws', () => {
    const error = refusal(
      construct({ workers: { threads: withThrowingGetter({}, 'max') } }),
      InvalidWorkerSettingsError,
    );
    expect(error.option).toBe('workers.threads.max');
    expect(error.cause).toBeInstanceOf(HostileError);
  });
});

describe('close(options)', () => {
  let scheduler: Scheduler;
  afterEach(async () => {
    await scheduler.close({ timeout: 0 });
    vi.useRealTimers();
  });

  it.each([
    [null, 'close'],
    [5, 'close'],
    [{ timeout: Number.NaN }, 'close.timeout'],
    [{ timeout: -1 }, 'close.timeout'],
    [{ timeout: '5 sec' }, 'close.timeout'],
    [{ timout: 5 }, 'close.timout'],
  ])('rejects %o naming %s, and leaves the scheduler open', async (options, option) => {
    await expectCloseRefused(options, option);
  });

  it('rejects a throwing getter, naming close.timeout', async () => {
    await expectCloseRefused(withThrowingGetter({}, 'timeout'), 'close.timeout');
  });

  async function expectCloseRefused(options: unknown, option: string): Promise<void> {
    vi.useFakeTimers();
    scheduler = new Scheduler({ logger: new RecordingLogger() });
    const task = scheduler.add(noop, { key: 'k', interval: 1_000 });
    let closing: Promise<void> | undefined;
    expect(() => (closing = scheduler.close(options as never))).not.toThrow();
    expect((await rejection(closing!, InvalidSettingsError)).option).toBe(option);
    expect(scheduler.isClosed).toBe(false);
    expect(task.isActive).toBe(true);
  }

  it('refuses bad options on a second call too, without disturbing the close under way', async () => {
    scheduler = new Scheduler({ logger: new RecordingLogger() });
    const first = scheduler.close();
    await rejection(scheduler.close(null as never), InvalidSettingsError);
    await expect(first).resolves.toBeUndefined();
  });
});

describe('stop, restart and remove', () => {
  let scheduler: Scheduler;
  afterEach(async () => {
    await scheduler.close({ timeout: 0 });
    vi.useRealTimers();
  });

  function withTask(): ReturnType<Scheduler['add']> {
    vi.useFakeTimers();
    scheduler = new Scheduler({ logger: new RecordingLogger() });
    return scheduler.add(noop, { key: 'k', interval: 1_000 });
  }

  it.each([
    [null, 'stop'],
    [[], 'stop'],
    [{ abort: 'yes' }, 'stop.abort'],
    [{ abrt: true }, 'stop.abrt'],
  ])('stop("k", %o) is refused naming %s before it stops anything', (options, option) => {
    expectStopRefused(options, option);
  });

  it('stop("k", <a throwing getter>) is refused naming stop.abort before it stops anything', () => {
    expectStopRefused(withThrowingGetter({}, 'abort'), 'stop.abort');
  });

  function expectStopRefused(options: unknown, option: string): void {
    const task = withTask();
    const next = task.nextRunAt;
    expect(refusal(() => scheduler.stop('k', options as never), InvalidSettingsError).option).toBe(option);
    expect(task.isActive).toBe(true);
    expect(task.nextRunAt).toEqual(next);
  }

  it.each([[5], [null], [undefined], [''], ['  '], [{}]])(
    'refuses the key %o of stop, restart and remove',
    (key) => {
      const task = withTask();
      expect(refusal(() => scheduler.stop(key as never), InvalidSettingsError).option).toBe('stop.key');
      expect(refusal(() => scheduler.restart(key as never), InvalidSettingsError).option).toBe('restart.key');
      expect(refusal(() => scheduler.remove(key as never), InvalidSettingsError).option).toBe('remove.key');
      expect(task.isActive).toBe(true);
      expect(scheduler.tasks.size).toBe(1);
    },
  );

  it('asyncRestart rejects a bad key instead of throwing', async () => {
    withTask();
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = scheduler.asyncRestart(5 as never))).not.toThrow();
    expect((await rejection(promise!, InvalidSettingsError)).option).toBe('restart.key');
  });
});
