/**
 * A timetable answers one question: when is the next planned run? Everything else (coalescing late
 * ticks, counting runs, completion) is the scheduler's, so a new kind of schedule only implements
 * `nextAfter`. Times are ms since the epoch.
 */
export interface Timetable {
  /**
   * The first planned time strictly after `time`, or `undefined` when the timetable has no more.
   * Called with the current time after a late tick, which is how missed ticks are coalesced.
   */
  nextAfter(time: number): number | undefined;
  /** The first planned time; earlier than now means the first run is due at once. */
  first(): number | undefined;
}

/** Run k at `anchor + k * period`: lateness of one run never shifts the next. */
export class IntervalTimetable implements Timetable {
  constructor(
    readonly anchor: number,
    readonly period: number,
  ) {}

  nextAfter(time: number): number {
    if (time < this.anchor) return this.anchor;
    // Math.floor keeps this exact for integers; fractional periods (e.g. '1.5ms') stay on the grid too.
    const k = Math.floor((time - this.anchor) / this.period) + 1;
    const next = this.anchor + k * this.period;
    // With a fractional period, rounding can land anchor + k·period on `time` itself; the scheduler's
    // due loop would then run the task again and again in one callback. Take the grid point after it.
    return next > time ? next : this.anchor + (k + 1) * this.period;
  }

  first(): number {
    return this.anchor;
  }
}

/** A one-shot task: one planned time, then nothing. */
export class OnceTimetable implements Timetable {
  constructor(readonly at: number) {}

  nextAfter(time: number): number | undefined {
    return time < this.at ? this.at : undefined;
  }

  first(): number {
    // A one-shot task whose time has passed still runs once, at once.
    return this.at;
  }
}
