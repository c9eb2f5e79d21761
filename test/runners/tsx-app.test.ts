/**
 * An app run from its TypeScript sources with tsx (both ways people start it: the `tsx` command and
 * `node --import tsx`): its THREAD and PROCESS runs must load the app's `.ts` module in the worker.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { requireBuild } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const APP = fileURLToPath(new URL('./fixtures/tsx-app/app.ts', import.meta.url));

interface Entry {
  readonly event: string;
  readonly key?: string;
  readonly isMainThread?: boolean;
  readonly value?: { readonly where: string };
}

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'crontainer-tsx-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'tsx-app', type: 'module', private: true }),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'es2022', experimentalDecorators: true, strict: true } }),
  );
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules', 'crontainer'), 'dir');
  for (const name of ['tsyringe', 'reflect-metadata', 'tsx']) {
    symlinkSync(join(REPO, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  copyFileSync(APP, join(dir, 'app.ts'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function runApp(args: readonly string[]): Promise<{ code: number | null; entries: Entry[] }> {
  const child = spawn(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 30_000,
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const entries = out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Entry);
  return { code, entries };
}

const TSX_CLI = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe.each([
  ['the tsx command', [TSX_CLI, 'app.ts']],
  ['node --import tsx', ['--import', 'tsx', 'app.ts']],
])('a TypeScript app started with %s', (_how, args) => {
  it('runs its THREAD and PROCESS tasks from the .ts module, each module evaluated once per worker', async () => {
    const { code, entries } = await runApp(args);
    expect(entries.filter((entry) => entry.event === 'error')).toEqual([]);
    const runs = entries.filter((entry) => entry.event === 'run');
    const threadRuns = runs.filter((entry) => entry.key === 'Jobs.inThread');
    const processRuns = runs.filter((entry) => entry.key === 'Jobs.inProcess');
    expect(threadRuns.map((entry) => entry.value?.where)).toEqual(['thread', 'thread']);
    expect(processRuns).toHaveLength(2);
    // The app, its one thread, its one child process.
    expect(entries.filter((entry) => entry.event === 'evaluated')).toHaveLength(3);
    expect(code).toBe(0);
  }, 40_000);
});
