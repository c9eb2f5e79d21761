/** The demo's live view: one row per task, as plain text (fine in a terminal and in CI logs). */
import type { Task } from 'crontainer';

const COLUMNS = ['key', 'schedule', 'type', 'status', 'runs', 'errors', 'last ms', 'next run'] as const;

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

function row(task: Task, now: number): readonly string[] {
  return [
    task.key,
    schedule(task),
    task.runType,
    task.isRunning ? 'running' : task.status,
    task.runs === undefined ? String(task.runCount) : `${task.runCount}/${task.runs}`,
    String(task.errorCount),
    task.lastRunDuration === undefined ? '-' : task.lastRunDuration.toFixed(1),
    nextRun(task, now),
  ];
}

/** The tasks as an aligned text table. */
export function renderTable(tasks: Iterable<Task>, now: number): string {
  const rows = [COLUMNS, ...[...tasks].map((task) => row(task, now))];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(COLUMNS), rule, ...rows.slice(1).map(line)].join('\n');
}
