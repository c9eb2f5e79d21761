/**
 * The pure parts under the scheduler: interval and one-shot timetables (when is the next run?) and the
 * due-time heap (which task is next?). No timers needed.
 */
import { describe, expect, it } from 'vitest';

import { Scheduler } from '../../src/index.js';
import { DueHeap, type DueItem } from '../../src/scheduler/due-heap.js';
import { IntervalTimetable, OnceTimetable } from '../../src/scheduler/timetable.js';
import { FakeClock, RecordingLogger } from './helpers.js';

describe('IntervalTimetable', () => {
  const timetable = new IntervalTimetable(10_000, 1_000);

  it('starts at its anchor and returns the first grid point strictly after a time', () => {
    expect(timetable.first()).toBe(10_000);
    expect(timetable.nextAfter(0)).toBe(10_000);
    expect(timetable.nextAfter(10_000)).toBe(11_000);
    expect(timetable.nextAfter(10_999)).toBe(11_000);
    expect(timetable.nextAfter(11_000)).toBe(12_000);
    expect(timetable.nextAfter(1_000_000_123)).toBe(1_000_001_000);
  });

  it('stays on the grid of a fractional period', () => {
    const thirds = new IntervalTimetable(0, 1_000 / 3);
    expect(thirds.nextAfter(0)).toBeCloseTo(333.333, 3);
    expect(thirds.nextAfter(1_000)).toBeCloseTo(1_333.333, 3);
  });

  it('is strictly after `time` even where rounding lands a fractional grid point on it', () => {
    // anchor + k·16.6 rounds to exactly this integer time: a "next" equal to now would make the
    // scheduler's due loop spin forever.
    const sixteen = new IntervalTimetable(1_700_396_887_502, 16.6);
    const time = 1_700_404_852_929;
    expect(sixteen.nextAfter(time)).toBeGreaterThan(time);
    expect(sixteen.nextAfter(time) - time).toBeLessThanOrEqual(16.6 + 1e-3);
  });

  it('a scheduler on such a period makes one late run at that time, not an endless loop', async () => {
    const anchor = 1_700_396_887_502;
    const clock = new FakeClock(anchor);
    const scheduler = new Scheduler({ clock, logger: new RecordingLogger() });
    let runs = 0;
    scheduler.add(
      () => {
        runs += 1;
      },
      { interval: 16.6, firstRun: anchor },
    );
    await clock.advance(0);
    clock.jump(1_700_404_852_929 - anchor);
    await clock.advance(0);
    expect(runs).toBe(2);
    await scheduler.close();
  });
});

describe('OnceTimetable', () => {
  it('has one planned time and nothing after it', () => {
    const once = new OnceTimetable(5_000);
    expect(once.first()).toBe(5_000);
    expect(once.nextAfter(4_999)).toBe(5_000);
    expect(once.nextAfter(5_000)).toBeUndefined();
    expect(once.nextAfter(9_999)).toBeUndefined();
  });
});

/** A heap item carrying a test value. */
interface Entry<T> extends DueItem {
  readonly value: T;
}

/** A small queue over DueHeap, as the scheduler uses it (items carry their own due time and place). */
class TestQueue<T> {
  readonly heap = new DueHeap<Entry<T>>();

  get size(): number {
    return this.heap.size;
  }

  peek(): Entry<T> | undefined {
    return this.heap.peek();
  }

  push(value: T, due: number): Entry<T> {
    const entry: Entry<T> = { value, due: 0, seq: 0, index: -1 };
    this.heap.schedule(entry, due);
    return entry;
  }

  pop(): Entry<T> | undefined {
    const first = this.heap.peek();
    if (first !== undefined) this.heap.remove(first);
    return first;
  }

  remove(entry: Entry<T>): void {
    this.heap.remove(entry);
  }

  reschedule(entry: Entry<T>, due: number): void {
    this.heap.schedule(entry, due);
  }

  clear(): void {
    this.heap.clear();
  }
}

describe('DueHeap', () => {
  it('pops in due order, ties in insertion order', () => {
    const queue = new TestQueue<string>();
    queue.push('c', 30);
    queue.push('a1', 10);
    queue.push('b', 20);
    queue.push('a2', 10);
    const order: string[] = [];
    for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) order.push(entry.value);
    expect(order).toEqual(['a1', 'a2', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('removes and reschedules any entry, and ignores removing one twice', () => {
    const queue = new TestQueue<string>();
    const a = queue.push('a', 10);
    const b = queue.push('b', 20);
    queue.push('c', 30);
    queue.remove(a);
    queue.remove(a);
    expect(queue.size).toBe(2);
    expect(queue.peek()?.value).toBe('b');
    queue.reschedule(b, 40);
    expect(queue.peek()?.value).toBe('c');
    queue.reschedule(a, 5); // a removed entry is queued again
    expect(queue.peek()?.value).toBe('a');
    expect(queue.size).toBe(3);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });

  it('matches a sorted list under 5,000 random operations', () => {
    const queue = new TestQueue<number>();
    const live = new Map<number, Entry<number>>();
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let op = 0; op < 5_000; op += 1) {
      const choice = random(4);
      const ids = [...live.keys()];
      if (choice === 0 || ids.length === 0) {
        live.set(op, queue.push(op, random(1_000)));
      } else if (choice === 1) {
        const id = ids[random(ids.length)]!;
        queue.remove(live.get(id)!);
        live.delete(id);
      } else if (choice === 2) {
        queue.reschedule(live.get(ids[random(ids.length)]!)!, random(1_000));
      } else {
        const expected = [...live.values()].sort((x, y) => x.due - y.due || x.seq - y.seq)[0];
        expect(queue.peek()).toBe(expected);
      }
      expect(queue.size).toBe(live.size);
    }
  });
});
