/**
 * Prints the suite convention's markdown table: `| scenario | metric | crontainer | <peers…> | ratio |`,
 * where ratio = crontainer's figure / the best peer's figure for that metric.
 */

export const OURS = 'crontainer';

/** Three significant digits, without scientific notation, so tables stay readable. */
export function formatFigure(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || Number.isInteger(value)) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/**
 * The best peer figure (lowest when lower is better) and our ratio to it. A ratio to zero or to a
 * negative figure means nothing, so it is left out.
 */
export function ratioToBestPeer(rawValues, peers, { lowerIsBetter = true, magnitude = false } = {}) {
  // For signed figures such as drift, the distance from zero is what is better or worse.
  const values = magnitude
    ? Object.fromEntries(Object.entries(rawValues).map(([name, value]) => [name, Math.abs(value)]))
    : rawValues;
  const candidates = peers.filter((peer) => Number.isFinite(values[peer]));
  if (candidates.length === 0 || !Number.isFinite(values[OURS])) return { text: 'n/a' };
  const best = candidates.reduce((a, b) =>
    lowerIsBetter ? (values[b] < values[a] ? b : a) : values[b] > values[a] ? b : a,
  );
  if (values[best] <= 0) return { text: `n/a (${best} ${formatFigure(values[best])})`, best };
  const ratio = values[OURS] / values[best];
  return { text: `${ratio.toFixed(2)}× ${best}`, best, ratio };
}

/**
 * @param {{ title: string, peers: string[], rows: { scenario: string, metric: string,
 *   values: Record<string, number | undefined>, ratio?: boolean, magnitude?: boolean }[],
 *   notes: string[] }} table
 * A row with `ratio: false` shows figures only (e.g. counts whose ratio says nothing); with
 * `magnitude: true` the ratio compares distances from zero (|drift|).
 */
export function printTable({ title, peers, rows, notes }) {
  const header = ['scenario', 'metric', OURS, ...peers, 'ratio'];
  const lines = [
    `### ${title}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const row of rows) {
    const ratio =
      row.ratio === false ? '—' : ratioToBestPeer(row.values, peers, { magnitude: row.magnitude }).text;
    const cells = [
      row.scenario,
      row.metric,
      ...[OURS, ...peers].map((n) => formatFigure(row.values[n])),
      ratio,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', ...notes.map((note) => `${note}`), '');
  console.log(lines.join('\n'));
}
