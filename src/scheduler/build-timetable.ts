import type { ResolvedTaskOptions } from '../options/task-options.js';
import { CronTimetable, type CronCache } from './cron-timetable.js';
import { IntervalTimetable, OnceTimetable, type Timetable } from './timetable.js';

/**
 * The timetable for a task's options, anchored at `now` unless `firstRun` says otherwise. The only
 * place that picks a kind of timetable. At `add` a past `firstRun` still anchors an interval timetable
 * (the first run is due at once, later ones keep its phase); at `restart` only a future one does. A cron
 * timetable has no phase to keep, so for it `firstRun` only means "not before": its first run is the
 * first match at or after the later of `firstRun` and now, at `add` and `restart` alike. `crons`, when
 * given, shares compiled cron expressions between the tasks of one scheduler.
 */
export function buildTimetable(
  options: ResolvedTaskOptions,
  now: number,
  restarting: boolean,
  crons?: CronCache,
): Timetable {
  const firstRun = options.firstRun;
  if (options.cron !== undefined) {
    return new CronTimetable(options.cron, options.timezone, Math.max(firstRun ?? now, now), crons);
  }
  const anchor = firstRun === undefined || (restarting && firstRun <= now) ? now : firstRun;
  if (options.interval !== undefined) return new IntervalTimetable(anchor, options.interval);
  return new OnceTimetable(anchor);
}
