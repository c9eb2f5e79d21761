import type { ResolvedTaskOptions } from '../options/task-options.js';
import { IntervalTimetable, OnceTimetable, type Timetable } from './timetable.js';

/**
 * The timetable for a task's options, anchored at `now` unless `firstRun` says otherwise. The only
 * place that picks a kind of timetable. At `add` a past `firstRun` still anchors the timetable (the
 * first run is due at once, later ones keep its phase); at `restart` only a future one does.
 */
export function buildTimetable(options: ResolvedTaskOptions, now: number, restarting: boolean): Timetable {
  const firstRun = options.firstRun?.getTime();
  const anchor = firstRun === undefined || (restarting && firstRun <= now) ? now : firstRun;
  if (options.interval !== undefined) return new IntervalTimetable(anchor, options.interval);
  return new OnceTimetable(anchor);
}
