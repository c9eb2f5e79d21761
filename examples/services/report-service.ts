import { singleton } from 'tsyringe';
import { Scheduled, type TaskContext } from 'crontainer';

import { Database } from './database.js';

/** What the last rollup found. */
export interface Rollup {
  readonly orders: number;
  readonly revenue: number;
}

/** The rollup's interval as the decorator declares it; the demo's configuration overrides it. */
export const DECLARED_ROLLUP_INTERVAL = '5s';

/**
 * Rolls up recent orders. The decorator says every 5 s; the demo's configuration overrides it (see
 * config.ts), the way an environment would in production.
 */
@singleton()
export class ReportService {
  last: Rollup = { orders: 0, revenue: 0 };

  constructor(private readonly db: Database) {}

  @Scheduled({ interval: DECLARED_ROLLUP_INTERVAL, timeout: '1s' })
  async rollup(ctx: TaskContext): Promise<Rollup> {
    const since = new Date(ctx.scheduledAt.getTime() - 60_000);
    const orders = await this.db.ordersSince(since, ctx.signal);
    this.last = { orders: orders.length, revenue: orders.reduce((sum, order) => sum + order.amount, 0) };
    return this.last;
  }
}
