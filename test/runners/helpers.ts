import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import type { Scheduler } from '../../src/index.js';

/** The module-target fixtures (plain ESM: bare Node workers cannot import TypeScript). */
export const JOBS = new URL('./fixtures/jobs.mjs', import.meta.url);
export const SERVICES = new URL('./fixtures/services.mjs', import.meta.url);
export const ENTRY = new URL('./fixtures/entry.mjs', import.meta.url);

/** The tests run the library from src/, but its workers load the build: fail clearly without one. */
export function requireBuild(): void {
  if (!existsSync(new URL('../../dist/runners/worker.js', import.meta.url))) {
    throw new Error('THREAD/PROCESS tests need the build: run `npm run build` first (npm test does)');
  }
}

/** What one run ended with, as the scheduler's events report it. */
export type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Resolves with the outcome of the next run of `key` that ends. */
export function nextOutcome(scheduler: Scheduler, key: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const onSuccess = (task: { key: string }, end: { value: unknown }): void => {
      if (task.key !== key) return;
      off();
      resolve({ ok: true, value: end.value });
    };
    const onError = (task: { key: string }, error: unknown): void => {
      if (task.key !== key) return;
      off();
      resolve({ ok: false, error });
    };
    const off = (): void => {
      scheduler.off('taskSuccess', onSuccess);
      scheduler.off('taskError', onError);
    };
    scheduler.on('taskSuccess', onSuccess);
    scheduler.on('taskError', onError);
  });
}

/** The value of a successful outcome; fails the test with the error otherwise. */
export function valueOf(outcome: Outcome): unknown {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The error of a failed outcome; fails the test if the run succeeded. */
export function errorOf(outcome: Outcome): unknown {
  if (outcome.ok) throw new Error(`expected the run to fail, it returned ${String(outcome.value)}`);
  return outcome.error;
}

/** PIDs of this process's live children (`ps --ppid`); zombies and `ps` itself do not count. */
export function childPids(): number[] {
  let out: string;
  try {
    out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'pid=,stat=,comm='], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return (
    out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      // `ps` itself is our child while it runs.
      .filter(
        ([pid, stat, command]) =>
          pid !== undefined && pid !== '' && !stat?.startsWith('Z') && command !== 'ps',
      )
      .map(([pid]) => Number(pid))
  );
}

/** Polls `check` every 20 ms until it returns true or `ms` pass. */
export async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** The active handle and request types, counted: compared before and after a pool's life. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}
