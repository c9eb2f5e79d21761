import { CoordinatorUnavailableError } from '../errors.js';
import type { ClaimLoss, ClaimResult, ClusterTaskState, Members, TaskHolders } from './coordinator.js';

/**
 * Reads the scripts' replies (see redis-scripts.ts for their layouts). Every value comes back as a
 * string (or nil), so these turn them into the port's types and refuse a reply of the wrong shape.
 */

type Reply = readonly (string | null | undefined)[];

const CLAIM_LOSSES: ReadonlySet<string> = new Set<ClaimLoss>([
  'taken',
  'busy',
  'exhausted',
  'stopped',
  'stale',
  'removed',
  'lost',
]);

/** A state reply: epoch, anchor, spec, status, count, lastRunAt, last, hv, holders, now. */
export function stateOf(reply: unknown, registeredSpec: string | undefined): ClusterTaskState | undefined {
  const [epoch, anchor, spec, status, count, lastRunAt, last, hv, holders, now] = reply as Reply;
  if (epoch === null || epoch === undefined || status === 'removed') return undefined;
  return {
    epoch: Number(epoch),
    anchor: Number(anchor),
    status: status === 'stopped' ? 'stopped' : 'active',
    runCount: Number(count ?? '0'),
    lastRunAt: optionalTime(lastRunAt),
    lastPlannedAt: optionalTime(last),
    specMatches: registeredSpec === undefined || spec === registeredSpec,
    spec: spec ?? '',
    holders: holdersOf(hv, holders) ?? { version: 0, ids: [] },
    storeTime: Number(now),
  };
}

/** A claim reply's five fields for request `index` (after the leading `now`). */
export function claimResultOf(reply: Reply, index: number, release: () => void): ClaimResult {
  const at = 1 + index * 5;
  const verdict = reply[at];
  const runCount = Number(reply[at + 1] ?? '0');
  const lastRunAt = reply[at + 2];
  const holders = holdersOf(reply[at + 3], reply[at + 4]);
  if (verdict === 'won') return { won: true, runCount, lastRunAt: Number(lastRunAt), release, holders };
  if (verdict === null || verdict === undefined || !CLAIM_LOSSES.has(verdict)) {
    throw new CoordinatorUnavailableError(
      `unexpected claim reply ${JSON.stringify(reply.slice(at, at + 5))}`,
    );
  }
  return { won: false, reason: verdict as ClaimLoss, runCount, lastRunAt: optionalTime(lastRunAt), holders };
}

/** A heartbeat reply: now, then member id and lease end pairs. */
export function membersOf(reply: unknown): Members {
  const values = reply as Reply;
  const leases = new Map<string, number>();
  for (let i = 1; i + 1 < values.length; i += 2) leases.set(String(values[i]), Number(values[i + 1]));
  return { storeTime: Number(values[0]), leases };
}

/** Holders as stored (` id id `), or `undefined` when the reply left them out (unchanged). */
function holdersOf(
  version: string | null | undefined,
  ids: string | null | undefined,
): TaskHolders | undefined {
  if (ids === null || ids === undefined || ids === '') return undefined;
  return { version: Number(version ?? '0'), ids: ids.split(' ').filter((id) => id !== '') };
}

function optionalTime(value: string | null | undefined): number | undefined {
  return value === null || value === undefined || value === '' ? undefined : Number(value);
}
