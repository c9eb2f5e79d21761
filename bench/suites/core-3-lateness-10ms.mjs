/** Issue 2, scenario 3: one task every 10 ms for 3 s: lateness against the ideal timetable, drift. */
import { latenessSuite } from '../lib/lateness-table.mjs';

await latenessSuite({ count: 1, intervalMs: 10, durationMs: 3000, p99TargetMs: 1 });
