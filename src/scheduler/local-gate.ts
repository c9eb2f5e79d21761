import { buildTimetable } from './build-timetable.js';
import type { Clock } from './clock.js';
import type { CronCache } from './cron-timetable.js';
import type { GateHost, RunGate } from './run-gate.js';
import type { TaskRecord } from './task.js';

/** A scheduler on its own: every planned run starts, on the task's own timetable from now. */
export class LocalGate implements RunGate {
  readonly clock: Clock;
  readonly #host: GateHost;
  /** Compiled cron expressions, shared by this scheduler's cron tasks (each is ~80 KiB in croner). */
  readonly #crons: CronCache;

  constructor(clock: Clock, host: GateHost, crons: CronCache) {
    this.clock = clock;
    this.#host = host;
    this.#crons = crons;
  }

  start(record: TaskRecord, restarting: boolean): void {
    const timetable = buildTimetable(record.options, this.clock.now(), restarting, this.#crons);
    this.#host.begin(record, timetable, timetable.first());
  }

  started(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Its successor is computed from `now`, not from the planned time, which coalesces any ticks
   * missed while the loop was blocked into this one late run.
   */
  due(record: TaskRecord, plannedAt: number, now: number): void {
    const timetable = record.timetable;
    if (timetable === undefined) return;
    const runNumber = record.runCount + 1;
    const runs = record.options.runs;
    const last = runs !== undefined && runNumber >= runs;
    // Plan the successor before the run starts, so a synchronous task cannot delay the timetable.
    // A timetable with no successor (a one-shot task) makes this run the last, not a skipped one.
    const next = last ? undefined : timetable.nextAfter(now);
    if (next === undefined) this.#host.last(record);
    else {
      this.#host.plan(record, next);
      if (record.status !== 'active') return;
    }
    void this.#host.run(record, runNumber, plannedAt);
  }

  ended(): void {
    // Nobody else to tell.
  }

  closing(): void {
    // Nothing to hand over.
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
