import type { GateHost } from '../scheduler/run-gate.js';
import type { TaskRecord } from '../scheduler/task.js';
import type { Agreement, Agreements } from './agreements.js';
import type { ClaimLoss, ClaimResult, Coordinator } from './coordinator.js';

/** What applying a claim's answer needs from the link. */
export interface OutcomeContext {
  readonly coordinator: Coordinator;
  readonly host: GateHost;
  readonly agreements: Agreements;
  /** Reports a store fault (once per outage). */
  readonly fail: (error: unknown) => void;
  /** The store answered: an outage, if there was one, is over. */
  readonly answered: () => void;
}

const DONE = Promise.resolve();

/** Applies a claim's answer; resolves when the run it started (if any) ended. */
export function applyClaim(
  context: OutcomeContext,
  record: TaskRecord,
  agreement: Agreement,
  generation: number,
  plannedAt: number,
  result: ClaimResult,
): Promise<void> {
  context.answered();
  if (record.generation !== generation || record.status !== 'active') {
    // Stopped or restarted meanwhile: the planned run belongs to a timetable that is gone.
    if (result.won) result.release();
    return DONE;
  }
  const host = context.host;
  const reachedRuns = agreement.runs !== undefined && result.runCount >= agreement.runs;
  if (result.won) {
    const ran = host.run(record, result.runCount, plannedAt).done.then(result.release);
    if (reachedRuns) {
      host.exhaust(record);
      // The other instances claim nothing of this task: they learn here that it is done.
      context.coordinator
        .complete(record.options.key, agreement.epoch, result.runCount)
        .catch((error: unknown) => {
          context.fail(error);
        });
    }
    return ran;
  }
  host.learn(record, result);
  lost(context, record, generation, plannedAt, result.reason, reachedRuns);
  return DONE;
}

function lost(
  context: OutcomeContext,
  record: TaskRecord,
  generation: number,
  plannedAt: number,
  reason: ClaimLoss,
  reachedRuns: boolean,
): void {
  const host = context.host;
  switch (reason) {
    case 'taken':
    case 'busy':
      host.skip(record, plannedAt, reason === 'busy' ? 'overlap' : 'claimed-elsewhere');
      if (reachedRuns || record.exhausted) host.exhaust(record);
      return;
    case 'exhausted':
      host.exhaust(record);
      return;
    case 'stopped':
      host.stop(record.options.key);
      return;
    case 'removed':
      context.agreements.forget(record.options.key);
      host.remove(record.options.key);
      return;
    case 'lost':
      context.agreements.rejoin(record, generation, plannedAt);
      return;
    case 'stale':
      context.agreements.resync(record, generation);
      return;
  }
}
