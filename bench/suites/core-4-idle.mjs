/**
 * Issue 2, scenario 4: 100,000 hourly tasks, first runs far away, idle for 5 s: CPU ms the process uses
 * in that window, beside a process holding one timer. Each run starts one process per library plus the
 * baseline, waits until all registered, then opens their idle windows together: each reads only its own
 * CPU time, and running them side by side keeps the suite short.
 */
import { runTogether } from '../lib/child.mjs';
import { RUNS, column, coreScript, verdict } from '../lib/suite.mjs';
import { medianOfResults } from '../lib/stats.mjs';
import { formatFigure, printTable } from '../lib/table.mjs';

const COUNT = 100_000;
const CRONER_COUNT = 10_000; // see core-1-register.mjs
const IDLE_MS = 5000;
const PEERS = ['toad-scheduler', 'croner', 'setInterval', 'baseline'];
const script = coreScript('idle-child.mjs');

const results = Object.fromEntries(['crontainer', ...PEERS].map((name) => [name, []]));
for (let run = 0; run < RUNS; run++) {
  const names = Object.keys(results);
  const figures = await runTogether(
    names.map((name) => ({ script, args: [name, name === 'croner' ? CRONER_COUNT : COUNT, IDLE_MS] })),
  );
  names.forEach((name, i) => results[name].push(figures[i]));
}
const byLibrary = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, medianOfResults(r)]));

const scenario = `${COUNT.toLocaleString('en-US')} × 1 h, idle ${IDLE_MS / 1000} s`;
printTable({
  title: `Idle CPU (median of ${RUNS}, fresh process per library and run)`,
  peers: PEERS,
  rows: [{ scenario, metric: 'CPU ms in the window', values: column(byLibrary, 'cpuMs') }],
  notes: [
    'Lower is better. baseline = an otherwise empty process with one hourly setInterval.',
    `croner holds ${CRONER_COUNT.toLocaleString('en-US')} jobs. Ratio = crontainer ÷ the best peer.`,
  ],
});
const ours = byLibrary.crontainer.cpuMs;
const baseline = byLibrary.baseline.cpuMs;
console.log(
  `Target: ≈ empty process + one timer → ${verdict(ours <= baseline + 1)} ` +
    `(${formatFigure(ours)} ms vs ${formatFigure(baseline)} ms; within 1 ms counts as equal).\n`,
);
