/**
 * A one-file app (services, @Scheduled methods and bootstrap() in one module) whose THREAD and PROCESS
 * workers import that same module: bootstrap() must start nothing inside a worker, so the module is
 * evaluated once per worker and no worker starts workers of its own.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { requireBuild } from './helpers.js';

const APP = fileURLToPath(new URL('./fixtures/one-file-app.mjs', import.meta.url));

interface Entry {
  readonly event: string;
  readonly pid?: number;
  readonly isMainThread?: boolean;
  readonly worker?: boolean;
  readonly key?: string;
  readonly message?: string;
}

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'crontainer-one-file-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a one-file app with THREAD and PROCESS tasks', () => {
  it('evaluates its module once per worker, starts no nested workers and exits by itself', async () => {
    const logFile = join(dir, 'log.jsonl');
    const child = spawn(process.execPath, [APP], {
      env: { ...process.env, ONE_FILE_LOG: logFile },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 20_000, // a chain of nested workers would never end by itself
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    const entries = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Entry);
    const evaluations = entries.filter((entry) => entry.event === 'evaluated');

    expect(code).toBe(0);
    // The app's own process, its one thread (same pid) and its one child process: three, no more.
    expect(evaluations).toHaveLength(3);
    expect(evaluations.filter((entry) => entry.worker === false)).toHaveLength(1);
    expect(evaluations.filter((entry) => entry.isMainThread === false)).toHaveLength(1);
    const pids = new Set(evaluations.map((entry) => entry.pid));
    expect(pids.size).toBe(2);
    // Only the app's bootstrap registered tasks; the workers' bootstrap() stayed silent and inert.
    expect(entries.filter((entry) => entry.event === 'info')).toHaveLength(1);
    const runs = entries.filter((entry) => entry.event === 'run');
    expect(runs.filter((entry) => entry.key === 'Jobs.inThread')).toHaveLength(3);
    expect(runs.filter((entry) => entry.key === 'Jobs.inProcess')).toHaveLength(3);
    expect(entries.filter((entry) => entry.event === 'error')).toEqual([]);
    expect(entries.at(-1)?.event).toBe('closed');
  }, 30_000);
});
