import { setTimeout as sleep } from 'node:timers/promises';

import { singleton } from 'tsyringe';
import { Scheduled, type TaskContext } from 'crontainer';

/**
 * Talks to a flaky partner, so the demo shows what goes wrong once each: a run that fails (the error
 * lands in `lastError` and the `taskError` event, and the next run goes ahead), a run that outlives its
 * `timeout` (its signal is aborted, it fails with `TaskTimeoutError`), and ticks skipped because the
 * previous run is still going (`overlap: 'skip'`, the default).
 */
@singleton()
export class PartnerSync {
  /** Every third pull fails, as the partner's API answers 503 now and then. */
  @Scheduled({ interval: '1s' })
  pullPrices(ctx: TaskContext): number {
    if (ctx.runNumber % 3 === 0) throw new Error('partner API answered 503');
    return ctx.runNumber;
  }

  /** Takes 800 ms where 500 ms are allowed: aborted through its signal every time. */
  @Scheduled({ interval: '2s', timeout: '500ms' })
  async exportLedger(ctx: TaskContext): Promise<void> {
    await sleep(800, undefined, { signal: ctx.signal });
  }

  /** Takes 1 s but is planned every 400 ms: the ticks that fall during a run are skipped. */
  @Scheduled({ interval: '400ms' })
  async reconcile(ctx: TaskContext): Promise<void> {
    await sleep(1_000, undefined, { signal: ctx.signal });
  }
}
