import { singleton } from 'tsyringe';
import { Scheduled, type TaskContext } from 'crontainer';

import { ReportService } from './report-service.js';

/** Keeps a pretend HTTP cache warm with the latest rollup, on a calendar schedule. */
@singleton()
export class CacheWarmer {
  readonly cache = new Map<string, string>();

  constructor(private readonly reports: ReportService) {}

  /** Six fields: seconds first. Every even second, whatever the interval tasks are doing. */
  @Scheduled({ cron: '*/2 * * * * *' })
  warm(ctx: TaskContext): void {
    this.cache.set('/dashboard', JSON.stringify({ ...this.reports.last, at: ctx.scheduledAt }));
  }
}
