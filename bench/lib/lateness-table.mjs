/** Shared by the two lateness suites: run the lateness child per library and print its table. */
import { runChild } from './child.mjs';
import { RUNS, column, coreScript, medianByLibrary, verdict } from './suite.mjs';
import { formatFigure, printTable } from './table.mjs';

// croner's finest unit is one second (see bench/core/libraries.mjs), so it has no figure here.
const PEERS = ['toad-scheduler', 'croner', 'setInterval'];
const MEASURED = ['crontainer', 'toad-scheduler', 'setInterval'];

/** Measures `count` tasks every `intervalMs` for `durationMs` and prints the table and the target line. */
export async function latenessSuite({ count, intervalMs, durationMs, p99TargetMs }) {
  const script = coreScript('lateness-child.mjs');
  const byLibrary = await medianByLibrary(MEASURED, (name) =>
    runChild(script, [name, count, intervalMs, durationMs]),
  );
  const scenario = `${count.toLocaleString('en-US')} × every ${intervalMs} ms, ${durationMs / 1000} s`;
  const row = (metric, field, ratio = true, magnitude = false) => ({
    scenario,
    metric,
    values: column(byLibrary, field),
    ratio,
    magnitude,
  });
  printTable({
    title: `Lateness: ${scenario} (median of ${RUNS}, fresh process per library and run)`,
    peers: PEERS,
    rows: [
      row('lateness p50 (ms)', 'p50'),
      row('lateness p99 (ms)', 'p99'),
      row('lateness max (ms)', 'max'),
      row('drift: last − first runs (ms)', 'drift', true, true),
      row('runs / expected', 'runs', false),
      row('lost firings', 'lost', false),
    ],
    notes: [
      `Lower is better (expected runs: ${(count * Math.floor(durationMs / intervalMs)).toLocaleString('en-US')}). ` +
        'Lateness = actual start − (registration + k·interval) for slot k; drift = median lateness of ' +
        'the last tenth of the runs − that of the first tenth. ' +
        'Ratio = crontainer ÷ the best peer (for drift: of |drift|).',
      'croner: n/a, its finest schedule unit is one second.',
    ],
  });
  const ours = byLibrary.crontainer;
  console.log(
    `Target: p99 < ${p99TargetMs} ms → ${verdict(ours.p99 < p99TargetMs)} (${formatFigure(ours.p99)} ms); ` +
      `zero drift → ${verdict(Math.abs(ours.drift) < 1)} (${formatFigure(ours.drift)} ms, |drift| < 1 ms counts as zero); ` +
      `lost firings: ${ours.lost}.\n`,
  );
}
