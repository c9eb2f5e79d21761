/**
 * `close` settles under vitest's fake timers without the test moving fake time: with nothing in flight,
 * and with ASYNC runs in flight and `timeout: 0` (which aborts them at once instead of arming a 0 ms
 * timer that fake time would never fire). What a user writes in an `afterEach`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { container, singleton } from 'tsyringe';

import { bootstrap, Scheduled, Scheduler, SchedulerClosedError, type TaskContext } from '../../src/index.js';
import { recordingLogger } from '../bootstrap/helpers.js';
import { RecordingLogger, T0 } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
  container.reset();
});

/** Resolves with the promise's outcome, or with 'hung' if it has not settled after `turns` real loop turns. */
async function settlesWithoutFakeTime(promise: Promise<unknown>, turns = 50): Promise<'settled' | 'hung'> {
  const state = { settled: false };
  const settle = (): void => {
    state.settled = true;
  };
  promise.then(settle, settle);
  // setImmediate and setTimeout are faked: let `nextTick` and promise callbacks run, a round at a time.
  for (let turn = 0; turn < turns && !state.settled; turn += 1) {
    await new Promise((resolve) => {
      process.nextTick(resolve);
    });
  }
  return state.settled ? 'settled' : 'hung';
}

/** An ASYNC task that never settles by itself and records its signals. */
function hungTask(): { readonly fn: (ctx: TaskContext) => Promise<never>; readonly signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    fn: (ctx) => {
      signals.push(ctx.signal);
      return new Promise<never>(() => {});
    },
  };
}

describe.each([
  ['default fake timers', undefined],
  // Fake timers can also be told to take over queueMicrotask; an aborted run must still be reported.
  [
    'fake timers with queueMicrotask',
    ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'Date'],
  ],
] as const)('close under %s', (_name, toFake) => {
  const fake = (): void => {
    vi.useFakeTimers({ now: T0, ...(toFake === undefined ? {} : { toFake: [...toFake] }) });
  };

  it('settles with no run in flight', async () => {
    fake();
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    scheduler.add(() => {}, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(await settlesWithoutFakeTime(scheduler.close())).toBe('settled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles with ASYNC runs in flight and `timeout: 0`, aborting them with SchedulerClosedError', async () => {
    fake();
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    const hung = hungTask();
    const task = scheduler.add(hung.fn, { key: 'hung', interval: '1s', overlap: 'allow' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(hung.signals).toHaveLength(2);
    expect(await settlesWithoutFakeTime(scheduler.close({ timeout: 0 }))).toBe('settled');
    expect(hung.signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(hung.signals[0]?.reason).toBeInstanceOf(SchedulerClosedError);
    expect((hung.signals[0]?.reason as SchedulerClosedError).key).toBe('hung');
    expect(task.isRunning).toBe(false);
    expect(task.errorCount).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles for a bootstrapped app: `await app.close({ timeout: 0 })` in an afterEach', async () => {
    fake();
    const hung = hungTask();
    @singleton()
    class Poller {
      @Scheduled({ interval: '5s' })
      poll(ctx: TaskContext): Promise<never> {
        return hung.fn(ctx);
      }
    }
    expect(container.isRegistered(Poller)).toBe(true);
    const app = await bootstrap({ logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(0);
    expect(app.scheduler.tasks.get('Poller.poll')?.isRunning).toBe(true);
    expect(await settlesWithoutFakeTime(app.close({ timeout: 0 }))).toBe('settled');
    expect(hung.signals[0]?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with a timeout, still waits for the runs on fake time (the test moves it)', async () => {
    fake();
    const scheduler = new Scheduler({ logger: new RecordingLogger() });
    const hung = hungTask();
    scheduler.add(hung.fn, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(0);
    const closing = scheduler.close({ timeout: 2_000 });
    expect(await settlesWithoutFakeTime(closing)).toBe('hung');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await settlesWithoutFakeTime(closing)).toBe('settled');
    expect(hung.signals[0]?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
