import { singleton } from 'tsyringe';
import { Scheduled, type TaskContext } from 'crontainer';

import { Database } from './database.js';

/** What the last rollup found. */
export interface Rollup {
  readonly orders: number;
  readonly revenue: number;
}

/**
 * Rolls up recent orders. The decorator says every 5 s; the demo's configuration overrides it (see
 * config.ts), the way an environment would in production.
 */
@singleton()
export class ReportService {
  last: Rollup = { orders: 0, revenue: 0 };

  constructor(private readonly db: Database) {}

  @Scheduled({ interval: '5s', timeout: '1s' })
  async rollup(ctx: TaskContext): Promise<Rollup> {
    const since = new Date(ctx.scheduledAt.getTime() - 60_000);
    const orders = await this.db.ordersSince(since, ctx.signal);
    this.last = { orders: orders.length, revenue: orders.reduce((sum, order) => sum + order.amount, 0) };
    return this.last;
  }
}
