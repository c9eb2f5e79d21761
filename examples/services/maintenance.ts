import { singleton } from 'tsyringe';
import { Scheduled, Scheduler, type TaskContext } from 'crontainer';

import { Database } from './database.js';

/** The key of the task this service adds and stops at run time. */
export const VACUUM_KEY = 'maintenance.vacuum';

/**
 * Manages a task at run time through the injected `Scheduler` (bootstrap registers it in the
 * container before it resolves any service): on its 3rd run it adds `maintenance.vacuum`, on its 7th
 * it stops it again.
 */
@singleton()
export class Maintenance {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly db: Database,
  ) {}

  @Scheduled({ interval: '1s', runs: 8 })
  supervise(ctx: TaskContext): void {
    if (ctx.runNumber === 3) {
      this.scheduler.add(() => this.db.compact(new Date(Date.now() - 5_000)), {
        key: VACUUM_KEY,
        interval: '500ms',
      });
    } else if (ctx.runNumber === 7) {
      this.scheduler.stop(VACUUM_KEY);
    }
  }
}
