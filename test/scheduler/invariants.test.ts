/**
 * Random sequences of add / stop / restart / remove / edits / time steps against a hand-written fake
 * Clock, checking after every step what must always hold: one timer at most, none when nothing is
 * planned, every active task planned, and every run exactly at its planned time.
 */
import { describe, expect, it } from 'vitest';

import { Scheduler, type TaskContext } from '../../src/index.js';
import { FakeClock, RecordingLogger, T0 } from './helpers.js';

/** A small deterministic generator, so a failure replays identically. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

describe('scheduler invariants under random operations', () => {
  it.each([1, 2, 3, 4, 5])('seed %i', async (seed) => {
    const random = generator(seed);
    const clock = new FakeClock(T0);
    const scheduler = new Scheduler({ clock, logger: new RecordingLogger() });
    const offTime: string[] = [];
    let runs = 0;
    const fn = (ctx: TaskContext): void => {
      runs += 1;
      if (clock.now() !== ctx.scheduledAt.getTime()) offTime.push(`${ctx.key}#${ctx.runNumber}`);
    };
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (let step = 0; step < 400; step += 1) {
      const key = keys[random(keys.length)]!;
      const task = scheduler.tasks.get(key);
      switch (random(7)) {
        case 0:
          if (task === undefined) {
            scheduler.add(fn, {
              key,
              interval: random(3) === 0 ? undefined : 100 + random(5_000),
              firstRun: random(2) === 0 ? undefined : clock.now() + random(60_000),
              runs: random(3) === 0 ? 1 + random(4) : undefined,
              autoRemove: random(2) === 0,
            });
          }
          break;
        case 1:
          scheduler.stop(key);
          break;
        case 2:
          if (task !== undefined) scheduler.restart(key);
          break;
        case 3:
          scheduler.remove(key);
          break;
        case 4:
          if (task !== undefined && !task.isActive && task.interval !== undefined) {
            task.interval = 50 + random(2_000);
          }
          break;
        default:
          await clock.advance(random(4_000));
      }
      const active = [...scheduler.tasks.values()].filter((t) => t.isActive);
      expect(clock.pendingTimers).toBeLessThanOrEqual(1);
      if (active.length === 0) expect(clock.pendingTimers).toBe(0);
      for (const t of active) {
        // Every active task is planned (sync runs end at once, so none is left only "in flight").
        expect(t.nextRunAt).toBeDefined();
        expect(t.nextRunAt!.getTime()).toBeGreaterThanOrEqual(t.firstRun?.getTime() ?? -Infinity);
      }
      for (const t of scheduler.tasks.values()) {
        if (!t.isActive) expect(t.nextRunAt).toBeUndefined();
      }
    }
    await scheduler.close();
    expect(clock.pendingTimers).toBe(0);
    // A run may be late only when it was due before the clock step that fired it began; FakeClock
    // fires each timer at its exact time, so every run here is on time.
    expect(offTime).toEqual([]);
    expect(runs).toBeGreaterThan(50); // the sequence really exercised the timer
  });
});
