import { singleton } from 'tsyringe';
import { Scheduled, type TaskContext } from 'crontainer';

import { Database } from './database.js';

/** Takes orders from a pretend upstream every 300 ms. */
@singleton()
export class OrderFeed {
  constructor(private readonly db: Database) {}

  @Scheduled({ interval: '300ms' })
  ingest(ctx: TaskContext): void {
    // A deterministic "random" amount, so every demo run prints the same kind of figures.
    this.db.insert(10 + ((ctx.runNumber * 37) % 90), ctx.scheduledAt);
  }
}
