/**
 * Shared test helpers for the scheduling core: a hand-written fake `Clock` (so at least part of the
 * suite does not depend on vitest's fake timers), a recording logger, and a fixed start instant.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';

import { Scheduler, type Clock, type SchedulerLogger, type TimerHandle } from '../../src/index.js';

/** The instant every deterministic test starts at: a round number makes planned times easy to read. */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** ms after T0 of a `Date` (planned times are easiest to compare that way). */
export function sinceT0(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() - T0;
}

interface FakeTimer extends TimerHandle {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Lets pending promise callbacks (run settlement, listeners) happen, without any timer. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

/**
 * A `Clock` whose time moves only when the test says so. `advance` fires due timers in order, letting
 * microtasks run after each; `jump` moves the wall clock without firing anything, as a blocked event
 * loop or a suspended machine would.
 */
export class FakeClock implements Clock {
  #now: number;
  #monotonic = 0;
  #nextId = 1;
  readonly #timers = new Map<number, FakeTimer>();
  /** Every delay ever passed to `setTimeout`, to check caps. */
  readonly requestedDelays: number[] = [];

  constructor(start = T0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  monotonic(): number {
    return this.#monotonic;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    this.requestedDelays.push(ms);
    const timer: FakeTimer = { id: this.#nextId++, at: this.#now + Math.max(ms, 0), callback };
    this.#timers.set(timer.id, timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete((handle as FakeTimer).id);
  }

  /** Timers not yet fired nor cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const next = [...this.#timers.values()]
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      // A timer overdue after a `jump` fires now, not back in time.
      this.#monotonic += Math.max(next.at - this.#now, 0);
      this.#now = Math.max(next.at, this.#now);
      this.#timers.delete(next.id);
      next.callback();
      await flushMicrotasks();
    }
    this.#monotonic += target - this.#now;
    this.#now = target;
    await flushMicrotasks();
  }

  /** Moves time forward by `ms` without firing timers (the loop was blocked for that long). */
  jump(ms: number): void {
    this.#now += ms;
    this.#monotonic += ms;
  }
}

/** A logger that keeps what it was given, so tests can assert on it and nothing reaches the console. */
export class RecordingLogger implements SchedulerLogger {
  readonly errors: { readonly message: string; readonly meta: readonly unknown[] }[] = [];

  error(message: string, ...meta: unknown[]): void {
    this.errors.push({ message, meta });
  }
}

/** A scheduler made for one test, and the logger it reports to. */
export interface SchedulerUnderTest {
  readonly scheduler: Scheduler;
  readonly logger: RecordingLogger;
}

/**
 * Gives every test of the file a fresh scheduler on vitest's fake timers (starting at T0), handed to
 * `use`. After each test the scheduler is closed (with `closeTimeout`, fake time moving `settleMs` so
 * that runs still in flight can drain) and no timer may be left.
 */
export function withFakeTimedScheduler(
  use: (made: SchedulerUnderTest) => void,
  { settleMs = 1_000, closeTimeout }: { readonly settleMs?: number; readonly closeTimeout?: number } = {},
): void {
  let made: SchedulerUnderTest | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    const logger = new RecordingLogger();
    made = { scheduler: new Scheduler({ logger }), logger };
    use(made);
  });
  afterEach(async () => {
    const closed = made?.scheduler.close(closeTimeout === undefined ? {} : { timeout: closeTimeout });
    await vi.advanceTimersByTimeAsync(settleMs);
    await closed;
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });
}
