/**
 * Runs one measurement in a fresh Node process, so that no library inherits another's heap, JIT state or
 * timers. The child prints exactly one JSON line prefixed with RESULT_PREFIX; everything else it prints is
 * diagnostics and goes to our stderr.
 */
import { spawn } from 'node:child_process';

export const RESULT_PREFIX = '@@result ';
const READY_LINE = '@@ready';

/** What a child script calls to hand its figures back. */
export function reportResult(result) {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** What a child script calls when it is set up; it then waits for the parent's `go` (see `runTogether`). */
export function reportReadyAndWait() {
  process.stdout.write(`${READY_LINE}\n`);
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      resolve();
    });
  });
}

function start(script, args, nodeFlags) {
  const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, script, ...args.map(String)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buffered = '';
  let result;
  const lines = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
      else if (line === READY_LINE) child.emit('ready');
      else lines.push(line);
    }
  });
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 && result !== undefined) resolve(result);
      else {
        const why = signal ?? `exit code ${String(code)}`;
        reject(new Error(`${script} ${args.join(' ')} failed (${why})\n${lines.join('\n')}`));
      }
    });
  });
  const ready = new Promise((resolve) => child.once('ready', resolve));
  return { child, done, ready };
}

/** Runs `script args` in a fresh process and resolves with the result it reported. */
export function runChild(script, args, nodeFlags = []) {
  const { child, done } = start(script, args, nodeFlags);
  child.stdin.end();
  return done;
}

/**
 * Starts several children, waits until every one reported ready, then releases them at the same moment.
 * Used for idle measurements, which only read each process's own CPU time and so may share the machine.
 */
export async function runTogether(jobs) {
  const started = jobs.map(({ script, args, nodeFlags = [] }) => start(script, args, nodeFlags));
  await Promise.race([
    Promise.all(started.map((s) => s.ready)),
    Promise.all(started.map((s) => s.done)), // a child that fails before it is ready
  ]);
  for (const { child } of started) child.stdin.end('go\n');
  return Promise.all(started.map((s) => s.done));
}
