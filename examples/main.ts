/**
 * The demo: a small shop backend whose services schedule their own work with @Scheduled. Run it with
 * `npm run demo`; it prints the task table every second and closes gracefully after about 10 s.
 */
import { bootstrap } from 'crontainer';

import { container } from './composition.js';
import { OVERRIDE_NOTES } from './config.js';
import { CacheWarmer } from './services/cache-warmer.js';
import { Database } from './services/database.js';
import { ReportService } from './services/report-service.js';
import { renderTable } from './table.js';

const RUN_FOR_MS = 10_000;

// Scans the container: every @Scheduled method of a registered service starts, bound to the same
// instance the rest of the app gets. SIGINT/SIGTERM close it gracefully. THREAD and PROCESS methods
// (HeavyWork) run in workers that import the composition root to rebuild their own instance.
const app = await bootstrap({
  container,
  handleSignals: true,
  workers: { entry: new URL('./composition.js', import.meta.url) },
});
// A listener for taskError means crontainer does not log failures itself; the table shows them.
app.scheduler.on('taskError', (task, error) => {
  console.log(`  ${task.key} failed: ${error instanceof Error ? error.message : String(error)}`);
});
app.scheduler.on('taskSuccess', (task, end) => {
  if (task.runType !== 'ASYNC') console.log(`  ${task.key} (${task.runType}): ${String(end.value)}`);
});

const started = Date.now();
await new Promise<void>((resolve) => {
  const printer = setInterval(() => {
    const now = Date.now();
    console.log(`\n[${((now - started) / 1000).toFixed(0)}s] ${app.scheduler.tasks.size} tasks`);
    console.log(renderTable(app.scheduler.tasks.values(), now, OVERRIDE_NOTES));
    if (now - started >= RUN_FOR_MS || app.isClosed) {
      clearInterval(printer);
      resolve();
    }
  }, 1_000);
});

await app.close({ timeout: 2_000 });

const report = container.resolve(ReportService).last;
const cache = container.resolve(CacheWarmer).cache.get('/dashboard') ?? '(empty)';
console.log(
  `\nclosed gracefully: ${container.resolve(Database).orderCount} orders kept, last rollup ` +
    `${report.orders} orders / ${report.revenue} revenue, cache ${cache}`,
);
