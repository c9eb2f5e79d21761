import type { DependencyContainer } from 'tsyringe';
import { SCHEDULE_OVERRIDES, type ScheduleOverrides } from 'crontainer';

import { DECLARED_ROLLUP_INTERVAL } from './services/report-service.js';

/** What the task table says next to each overridden task: where its schedule comes from. */
export const OVERRIDE_NOTES: ReadonlyMap<string, string> = new Map([
  ['ReportService.rollup', `configured (decorator: ${DECLARED_ROLLUP_INTERVAL})`],
]);

// Configuration, as a real app takes it from its environment: schedules change without touching the
// decorators. `ROLLUP_EVERY=3s npm run demo` changes the rollup's interval, and
// `ROLLUP_CRON='*/3 * * * * *' npm run demo` switches it to a cron schedule.
/** Registers the demo's schedule overrides in the container. */
export function registerConfig(container: DependencyContainer): void {
  const env = process.env;
  const overrides: ScheduleOverrides = {
    'ReportService.rollup':
      env.ROLLUP_CRON !== undefined ? { cron: env.ROLLUP_CRON } : { interval: env.ROLLUP_EVERY ?? '1500ms' },
  };
  container.register(SCHEDULE_OVERRIDES, { useValue: overrides });
}
