/**
 * Issue 2, scenario 1: register 100,000 hourly interval tasks whose first run is far away, per library in
 * a fresh process; µs and retained heap bytes per task. Then 1,000,000 crontainer tasks, to show they fit.
 */
import { runChild } from '../lib/child.mjs';
import { RUNS, column, coreScript, medianByLibrary, verdict } from '../lib/suite.mjs';
import { formatFigure, printTable } from '../lib/table.mjs';

const COUNT = 100_000;
// ≈83 KB per croner job here: 100,000 of them exhaust the default heap, so croner registers 10,000.
const CRONER_COUNT = 10_000;
const MILLION = 1_000_000;
const PEERS = ['toad-scheduler', 'croner', 'setInterval'];
const script = coreScript('register-child.mjs');

const byLibrary = await medianByLibrary(['crontainer', ...PEERS], (name) =>
  runChild(script, [name, name === 'croner' ? CRONER_COUNT : COUNT]),
);

const scenario = `register ${COUNT.toLocaleString('en-US')} × 1 h`;
printTable({
  title: `Registration (median of ${RUNS}, fresh process per library and run)`,
  peers: PEERS,
  rows: [
    { scenario, metric: 'µs per task', values: column(byLibrary, 'usPerTask') },
    { scenario, metric: 'heap bytes per task', values: column(byLibrary, 'bytesPerTask') },
    { scenario, metric: 'active timers', values: column(byLibrary, 'timers'), ratio: false },
  ],
  notes: [
    'Lower is better. Ratio = crontainer ÷ the best peer.',
    `croner registers ${CRONER_COUNT.toLocaleString('en-US')} jobs (100,000 exceed the default heap).`,
  ],
});

const ours = byLibrary.crontainer;
const toad = byLibrary['toad-scheduler'];
const raw = byLibrary.setInterval;
console.log(
  `Target: no worse than toad-scheduler → time ${verdict(ours.usPerTask <= toad.usPerTask)}, ` +
    `heap ${verdict(ours.bytesPerTask <= toad.bytesPerTask)}; ` +
    `within 2× of setInterval → time ${verdict(ours.usPerTask <= 2 * raw.usPerTask)} ` +
    `(${formatFigure(ours.usPerTask / raw.usPerTask)}×), heap ${verdict(ours.bytesPerTask <= 2 * raw.bytesPerTask)} ` +
    `(${formatFigure(ours.bytesPerTask / raw.bytesPerTask)}×).`,
);

const million = await runChild(script, ['crontainer', MILLION]);
console.log(
  `\n1,000,000 crontainer tasks registered: ${formatFigure(million.totalMs / 1000)} s ` +
    `(${formatFigure(million.usPerTask)} µs/task), heap ${formatFigure(million.heapMb)} MB ` +
    `(${formatFigure(million.bytesPerTask)} B/task), ${million.timers} active timer(s). One run.\n`,
);
