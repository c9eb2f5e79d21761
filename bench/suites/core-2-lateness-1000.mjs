/** Issue 2, scenario 2: 1,000 tasks every 100 ms for 5 s: lateness against the ideal timetable, drift. */
import { latenessSuite } from '../lib/lateness-table.mjs';

await latenessSuite({ count: 1000, intervalMs: 100, durationMs: 5000, p99TargetMs: 6 });
