import { Cron, type CronOptions } from 'croner';

/*
 * The one way crontainer compiles cron expressions, shared by the options layer (which validates
 * them) and the scheduler's cron timetables (which evaluate them), so that neither imports the other.
 */

/**
 * How every croner object of crontainer is configured, for validation and scheduling alike, so an
 * expression accepted at `add` is evaluated the same way later.
 *
 * - `mode: '5-or-6-parts'`: the contract is 5 or 6 fields (seconds optional); croner's 7th field (year)
 *   is refused rather than silently accepted. Nicknames such as `@hourly` expand to 5 fields.
 * - `fixedTimeRule: 'no-wildcard'`: croner applies its two DST rules (a wall time that does not exist
 *   runs once, at the first valid time after the gap; a wall time that occurs twice runs once, at its
 *   first occurrence) to "fixed-time" expressions only. Croner's default counts only a single time of
 *   day as fixed; with this rule a list or range of times (`30 2,14 * * *`) is fixed too, so every time
 *   of day a user writes without `*` or a step obeys the same two rules (what Vixie cron does).
 *   Expressions with `*` or a step in seconds, minutes or hours follow elapsed time instead: a repeated
 *   wall time runs on both passes and a missing one is skipped, so `0 * * * *` still runs every real
 *   hour through a transition.
 * - `paused: true` and no callback and no `name`: croner then arms no timer and registers nothing in its
 *   module-wide `scheduledJobs`, so the object is a pure calculator that keeps nothing alive.
 */
function cronerOptions(timezone: string | undefined): CronOptions {
  return { timezone, paused: true, mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard' };
}

/**
 * Compiles a cron expression with croner, configured as crontainer uses it. Throws croner's error for
 * an invalid expression (the options layer turns it into an `InvalidTaskOptionsError`).
 */
export function compileCron(pattern: string, timezone?: string): Cron {
  return new Cron(pattern, cronerOptions(timezone));
}
