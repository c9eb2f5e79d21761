/**
 * Process lifetime (issue 2): the scheduler keeps the process alive while it has active tasks and
 * lets it exit after `close()` (or once nothing is scheduled). Each case runs a small script in a
 * child `node` against the built library in dist/ (`npm test` builds it before vitest; when it is
 * missing, it is built here).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = pathToFileURL(`${root}dist/index.js`).href;

beforeAll(() => {
  if (!existsSync(fileURLToPath(entry))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
});

/** Runs an ES module script with `Scheduler` imported; returns its stdout lines and exit status. */
function runScript(body: string): { readonly lines: string[]; readonly status: number | null; ms: number } {
  const started = Date.now();
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import { Scheduler } from ${JSON.stringify(entry)};\n${body}`],
    { encoding: 'utf8', timeout: 15_000 },
  );
  expect(child.stderr).toBe('');
  return { lines: child.stdout.trim().split('\n'), status: child.status, ms: Date.now() - started };
}

describe('process lifetime', () => {
  it('keeps the process alive for its runs, and lets it exit after close', () => {
    const result = runScript(`
      const scheduler = new Scheduler();
      scheduler.add((ctx) => {
        console.log('run ' + ctx.runNumber);
        if (ctx.runNumber === 3) void scheduler.close().then(() => console.log('closed'));
      }, { interval: 50 });
    `);
    expect(result.status).toBe(0);
    expect(result.lines).toEqual(['run 1', 'run 2', 'run 3', 'closed']);
  });

  it('keeps the process alive for a far-future task (the only other timer is unref’d)', () => {
    const result = runScript(`
      const scheduler = new Scheduler();
      scheduler.add(() => console.log('ran'), { firstRun: Date.now() + 3_600_000 });
      setTimeout(() => {
        console.log('still alive');
        void scheduler.close().then(() => console.log('closed'));
      }, 300).unref();
    `);
    expect(result.status).toBe(0);
    expect(result.lines).toEqual(['still alive', 'closed']);
  });

  it('lets the process exit once no task is active, even without close', () => {
    const result = runScript(`
      const scheduler = new Scheduler();
      scheduler.add(() => {}, { key: 'a', interval: 1_000, firstRun: Date.now() + 60_000 });
      scheduler.add(() => {}, { key: 'b', interval: '1h' });
      scheduler.stop('a');
      scheduler.remove('b');
      console.log('idle');
    `);
    expect(result.status).toBe(0);
    expect(result.lines).toEqual(['idle']);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('exits after a one-shot task ran', () => {
    const result = runScript(`
      const scheduler = new Scheduler();
      scheduler.add(() => console.log('once'), { firstRun: Date.now() + 50 });
    `);
    expect(result.status).toBe(0);
    expect(result.lines).toEqual(['once']);
  });
});
