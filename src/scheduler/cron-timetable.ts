import type { Cron } from 'croner';

import { compileCron } from '../shared/cron.js';

import type { Timetable } from './timetable.js';

/**
 * Compiled croner objects of one scheduler, shared by the tasks that use the same expression in the
 * same zone. Worth it because a croner object holds about 80 KiB of lookup tables (a flag per year up
 * to 9999), so 1,000 cron tasks would otherwise hold 80 MB. Sharing is safe: a paused croner object
 * without a callback is never triggered, so `nextRun` reads no state that changes. The least recently
 * used entry is dropped beyond `capacity`; a timetable keeps its own reference, so dropping an entry
 * only ends the sharing, never a schedule.
 */
export class CronCache {
  readonly #entries = new Map<string, Cron>();

  /** @param capacity how many distinct (expression, zone) pairs are kept @default 256 */
  constructor(readonly capacity = 256) {}

  /** The croner object for `pattern` in `timezone`, compiled on first use. */
  get(pattern: string, timezone: string | undefined): Cron {
    // NUL cannot occur in a zone name, so the id is unambiguous.
    const id = `${timezone ?? ''}\u0000${pattern}`;
    let cron = this.#entries.get(id);
    if (cron === undefined) {
      cron = compileCron(pattern, timezone);
      if (this.#entries.size >= this.capacity) {
        const oldest = this.#entries.keys().next();
        if (oldest.done !== true) this.#entries.delete(oldest.value);
      }
    } else {
      // Re-inserting moves the entry to the end of the Map's order: most recently used.
      this.#entries.delete(id);
    }
    this.#entries.set(id, cron);
    return cron;
  }

  /** How many compiled expressions are held. */
  get size(): number {
    return this.#entries.size;
  }
}

/**
 * A calendar schedule: the planned times are the matches of a cron expression in a time zone, as
 * croner computes them (no cron arithmetic here). The croner object is compiled once per timetable
 * (once per (re)start of a task), or taken from the scheduler's `CronCache` when one is given.
 */
export class CronTimetable implements Timetable {
  readonly #cron: Cron;

  /**
   * @param pattern a cron expression already validated by the options rules
   * @param timezone IANA zone the expression is read in; `undefined` means the process's local zone
   * @param notBefore the first run is the first match at or after this time (`firstRun` means "not
   *   before" for cron tasks: unlike an interval, a cron schedule has no anchor to keep in phase)
   * @param cache where to share compiled expressions with the scheduler's other tasks
   */
  constructor(
    pattern: string,
    timezone: string | undefined,
    readonly notBefore: number,
    cache?: CronCache,
  ) {
    this.#cron = cache === undefined ? compileCron(pattern, timezone) : cache.get(pattern, timezone);
  }

  first(): number | undefined {
    // croner's nextRun is strictly after its argument, at whole seconds; one ms earlier makes a match
    // exactly at `notBefore` count (matches are whole seconds, so nothing in between is lost).
    return this.#after(this.notBefore - 1);
  }

  nextAfter(time: number): number | undefined {
    return this.#after(Math.max(time, this.notBefore - 1));
  }

  #after(time: number): number | undefined {
    // null: the expression has no match left (e.g. 30 February), which completes the task.
    return this.#cron.nextRun(new Date(time))?.getTime();
  }
}
