/**
 * `npm run bench`: runs every bench/suites/*.mjs in its own `node --expose-gc` process, one after the
 * other in name order (suites measure timing, so they must not share the machine with each other),
 * streams what they print, and exits non-zero if any suite fails.
 *
 *   node bench/run.mjs            every suite
 *   node bench/run.mjs core       only suites whose file name contains "core"
 *
 * BENCH_RUNS=1 makes the core suites take one sample instead of the median of three.
 * BENCH_SUITE_TIMEOUT_MS (default 240000) kills a suite that hangs, with every process it started,
 * and counts it as failed.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const suitesDir = fileURLToPath(new URL('./suites/', import.meta.url));
const filter = process.argv[2] ?? '';
const suites = readdirSync(suitesDir)
  .filter((file) => file.endsWith('.mjs') && file.includes(filter))
  .sort();

/** A suite should take ≤ 60 s; one that hangs is killed after this long so that the others still run. */
const SUITE_TIMEOUT_MS = Number(process.env.BENCH_SUITE_TIMEOUT_MS ?? 240_000);
let current;

/** Kills a suite and every process it started: each suite runs as the leader of its own process group. */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// The suites' process groups do not get the terminal's Ctrl-C, so pass it on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current !== undefined) killGroup(current);
    process.exit(130);
  });
}

function runSuite(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', `${suitesDir}${file}`], {
      stdio: 'inherit',
      detached: true,
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, SUITE_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, why: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      if (timedOut) resolve({ ok: false, why: `killed after ${SUITE_TIMEOUT_MS / 1000} s` });
      else resolve({ ok: code === 0, why: signal ?? `exit code ${String(code)}` });
    });
  });
}

const cpus = os.cpus();
console.log('# crontainer benchmark');
console.log('');
console.log(`- node ${process.version} (${process.platform} ${process.arch})`);
console.log(
  `- cpu: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`- date: ${new Date().toISOString()}`);
console.log(`- suites: ${suites.length === 0 ? '(none match)' : suites.join(', ')}`);
console.log('');

const started = performance.now();
const failed = [];
for (const file of suites) {
  console.log(`## ${file}\n`);
  const suiteStarted = performance.now();
  const { ok, why } = await runSuite(file);
  const seconds = ((performance.now() - suiteStarted) / 1000).toFixed(1);
  if (ok) console.log(`(${file}: ${seconds} s)\n`);
  else {
    console.log(`(${file}: FAILED after ${seconds} s, ${why})\n`);
    failed.push(file);
  }
}
console.log(
  `Total: ${((performance.now() - started) / 1000).toFixed(1)} s, ${suites.length - failed.length} suite(s) passed, ${failed.length} failed${failed.length > 0 ? `: ${failed.join(', ')}` : ''}.`,
);
process.exitCode = failed.length > 0 || suites.length === 0 ? 1 : 0;
