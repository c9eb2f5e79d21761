import type { ResolvedTaskOptions } from '../options/task-options.js';
import type { ClusterTaskSpec } from './coordinator.js';

/**
 * The options every instance must agree on, because they shape the shared timetable or the cluster's
 * run count. `runType`, `args`, `timeout` and the like may differ between instances (each runs its own
 * code); these may not, and the first registration's copy wins. `firstRun` is not compared: it only
 * proposes the anchor, and apps often compute it from their own start time.
 */
export function taskSpec(options: ResolvedTaskOptions): ClusterTaskSpec {
  const shape = {
    interval: options.interval ?? null,
    cron: options.cron ?? null,
    timezone: options.timezone ?? null,
    runs: options.runs ?? null,
    overlap: options.overlap,
  };
  return { key: options.key, spec: JSON.stringify(shape), firstRun: options.firstRun };
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
