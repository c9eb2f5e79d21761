import type { ResolvedTaskOptions } from '../options/task-options.js';
import type { ClusterTaskSpec } from './coordinator.js';

/**
 * The options every instance must agree on, because they shape the shared timetable or the cluster's
 * run count. `runType`, `args`, `timeout` and the like may differ between instances (each runs its own
 * code); these may not, and the first registration's copy wins. `firstRun` is not compared: it only
 * proposes the anchor, and apps often compute it from their own start time.
 */
export function taskSpec(options: ResolvedTaskOptions): ClusterTaskSpec {
  return { key: options.key, spec: JSON.stringify(specShape(options)), firstRun: options.firstRun };
}

/** The compared options, in a fixed order (the stored spec is compared as text). */
function specShape(options: ResolvedTaskOptions) {
  return {
    interval: options.interval ?? null,
    cron: options.cron ?? null,
    timezone: options.timezone ?? null,
    runs: options.runs ?? null,
    overlap: options.overlap,
  };
}

/**
 * The options with the cluster's stored timing options in place of this instance's, so that an instance
 * registered with other options still follows the cluster's timetable, `runs` and `overlap` (the first
 * registration wins). A spec that cannot be read leaves the options as they are.
 */
export function withClusterSpec(options: ResolvedTaskOptions, spec: string): ResolvedTaskOptions {
  let shape: Partial<Record<keyof ReturnType<typeof specShape>, unknown>>;
  try {
    shape = JSON.parse(spec) as typeof shape;
  } catch {
    return options;
  }
  const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return {
    ...options,
    interval: numberOr(shape.interval),
    cron: stringOr(shape.cron),
    timezone: stringOr(shape.timezone),
    runs: numberOr(shape.runs),
    overlap: shape.overlap === 'allow' ? 'allow' : 'skip',
  };
}

/**
 * How long the lease of an exclusive run lasts before it must be renewed: half the gap to the next
 * planned run, so that the lease of an instance that died mid-run has expired by the next planned run
 * (which another instance then takes), within sensible bounds.
 */
export function leaseDuration(plannedAt: number, nextPlannedAt: number | undefined): number {
  if (nextPlannedAt === undefined) return MAX_LEASE_MS;
  return Math.min(Math.max((nextPlannedAt - plannedAt) / 2, MIN_LEASE_MS), MAX_LEASE_MS);
}

/** Shorter leases would need renewals faster than a busy event loop can promise. */
export const MIN_LEASE_MS = 100;
/** Longer leases would block a task for too long after its holder died. */
export const MAX_LEASE_MS = 30_000;
