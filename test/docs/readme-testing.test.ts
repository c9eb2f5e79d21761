/**
 * The example of the README's "Testing your tasks" section, run as a test: this file is that block,
 * verbatim after this comment (test/docs/readme.test.ts checks it), with `crontainer` and
 * `crontainer/testing` resolved to the sources by vitest.config.ts.
 */
import 'reflect-metadata';
import { afterEach, expect, it, vi } from 'vitest';
import { container, singleton } from 'tsyringe';
import { bootstrap, Scheduled, type App, type TaskContext } from 'crontainer';
import { TestClock } from 'crontainer/testing';

declare function queryDatabase(sql: string, day: Date): Promise<number[]>; // your code

// The code under test, usually imported from your app.
@singleton()
export class SalesStore {
  totals(day: Date): Promise<number[]> {
    return queryDatabase('SELECT amount FROM sales WHERE day = $1', day);
  }
}

@singleton()
export class ReportService {
  constructor(private readonly store: SalesStore) {}

  // A worker thread runs this in production; `runInline` runs it in the test's process.
  @Scheduled({ cron: '0 9 * * MON-FRI', timezone: 'UTC', runType: 'THREAD' })
  async daily(ctx: TaskContext): Promise<number> {
    const amounts = await this.store.totals(ctx.scheduledAt);
    return amounts.reduce((sum, amount) => sum + amount, 0);
  }
}

// The test.
let app: App;
afterEach(() => app.close());

it('sums the sales at 09:00 UTC on weekdays', async () => {
  const store = new SalesStore();
  const totals = vi.spyOn(store, 'totals').mockResolvedValue([120, 80]); // the test double
  const scope = container.createChildContainer(); // one per test: nothing leaks into the next test
  scope.register(SalesStore, { useValue: store });
  scope.registerSingleton(ReportService);

  const clock = new TestClock({ now: new Date('2026-03-06T08:00:00Z') }); // a Friday
  app = await bootstrap({ container: scope, clock, runInline: true });
  const sums: unknown[] = [];
  app.scheduler.on('taskSuccess', (_task, run) => sums.push(run.value));

  await clock.advance('1h'); // Friday 09:00: the run has started and settled
  expect(totals).toHaveBeenCalledWith(new Date('2026-03-06T09:00:00Z'));
  expect(sums).toEqual([200]);

  const report = await clock.advance('3d'); // over the weekend, to Monday 09:00
  expect(report).toEqual({ started: 1, pending: [] });
  const task = app.scheduler.tasks.get('ReportService.daily');
  expect(task?.lastRunAt).toEqual(new Date('2026-03-09T09:00:00Z'));
  expect(task?.nextRunAt).toEqual(new Date('2026-03-10T09:00:00Z'));
});
