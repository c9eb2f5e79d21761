/** The demo's live view: one row per task, as plain text (fine in a terminal and in CI logs). */
import type { Task } from 'crontainer';

const COLUMNS = [
  'key',
  'schedule',
  'type',
  'status',
  'runs',
  'skips',
  'errors',
  'last ms',
  'next run',
  'note',
] as const;

function schedule(task: Task): string {
  if (task.cron !== undefined) return `cron ${task.cron}`;
  if (task.interval !== undefined) return `every ${task.interval} ms`;
  return 'once';
}

function nextRun(task: Task, now: number): string {
  if (task.nextRunAt === undefined) return '-';
  const inMs = task.nextRunAt.getTime() - now;
  return inMs <= 0 ? 'due' : `in ${(inMs / 1000).toFixed(1)}s`;
}

/** The task's last error in a few words, else what the notes say about it (its schedule's source). */
function note(task: Task, notes: ReadonlyMap<string, string>): string {
  const error = task.lastError;
  const said = notes.get(task.key) ?? '';
  if (error === undefined) return said;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
  return [said, `last error ${text}`].filter((part) => part !== '').join('; ');
}

function row(task: Task, now: number, notes: ReadonlyMap<string, string>): readonly string[] {
  return [
    task.key,
    schedule(task),
    task.runType,
    task.isRunning ? 'running' : task.status,
    task.runs === undefined ? String(task.runCount) : `${task.runCount}/${task.runs}`,
    String(task.skipCount),
    String(task.errorCount),
    task.lastRunDuration === undefined ? '-' : task.lastRunDuration.toFixed(1),
    nextRun(task, now),
    note(task, notes),
  ];
}

/** The tasks as an aligned text table; `notes` adds a word about some tasks (by key). */
export function renderTable(
  tasks: Iterable<Task>,
  now: number,
  notes: ReadonlyMap<string, string> = new Map(),
): string {
  const rows = [COLUMNS, ...[...tasks].map((task) => row(task, now, notes))];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(COLUMNS), rule, ...rows.slice(1).map(line)].join('\n');
}
