/**
 * Child process: runs `count` tasks every `intervalMs` for `durationMs` with one library and reports how
 * late each run came against the ideal timetable. Usage:
 *   node --expose-gc lateness-child.mjs <lib> <count> <intervalMs> <durationMs>
 *
 * Each run stands for a slot k = 1, 2, … ideally at `start + k·interval` (start = the task's
 * registration), and lateness = actual − ideal, in ms. For the peers the k-th call of the task stands for
 * slot k: they have no timetable, so a firing they lose shifts every later run by one interval, which is
 * what drift means for their users. crontainer reports the slot itself (`ctx.scheduledAt`); slots it
 * coalesced are counted as lost like the peers' missing calls. Slots must be whole numbers: a run off
 * the grid is counted as `offGrid`.
 * Drift = median lateness of the runs in the last tenth of the window − that of the first tenth. Medians,
 * not means: one stalled slot (a GC, the machine's other load) would otherwise pass for drift.
 */
import { reportResult } from '../lib/child.mjs';
import { median, percentile } from '../lib/stats.mjs';
import { LIBRARIES } from './libraries.mjs';

const [name, countText, intervalText, durationText] = process.argv.slice(2);
const count = Number(countText);
const intervalMs = Number(intervalText);
const durationMs = Number(durationText);
const runsPerTask = Math.floor(durationMs / intervalMs);
const library = LIBRARIES[name];

/** actual[i * runsPerTask + (k − 1)] = performance.now() of task i's run k. */
const actual = new Float64Array(count * runsPerTask).fill(Number.NaN);
const runCounts = new Uint32Array(count);

let offGrid = 0;
const { starts, close } = library.runEvery(count, intervalMs, (task, slot) => {
  const now = performance.now();
  runCounts[task] += 1;
  const k = slot ?? runCounts[task];
  if (!Number.isInteger(k)) offGrid += 1;
  else if (k >= 1 && k <= runsPerTask) actual[task * runsPerTask + k - 1] = now;
});

// Stop half an interval after the last ideal run: a run later than that counts as lost.
const lastStart = starts.reduce((a, b) => Math.max(a, b), 0);
await new Promise((resolve) =>
  setTimeout(resolve, lastStart + durationMs + intervalMs / 2 - performance.now()),
);
await close();

const all = [];
const first = [];
const last = [];
const edge = Math.max(1, Math.floor(runsPerTask / 10));
for (let task = 0; task < count; task++) {
  for (let k = 1; k <= runsPerTask; k++) {
    const at = actual[task * runsPerTask + k - 1];
    if (Number.isNaN(at)) continue;
    const lateness = at - (starts[task] + k * intervalMs);
    all.push(lateness);
    if (k <= edge) first.push(lateness);
    if (k > runsPerTask - edge) last.push(lateness);
  }
}

reportResult({
  p50: percentile(all, 0.5),
  p99: percentile(all, 0.99),
  max: percentile(all, 1),
  drift: median(last) - median(first),
  runs: all.length,
  expected: count * runsPerTask,
  lost: count * runsPerTask - all.length,
  offGrid,
});
