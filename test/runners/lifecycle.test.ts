import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { beforeAll, describe, expect, it } from 'vitest';

import { InvalidWorkerSettingsError, Scheduler, TaskTimeoutError } from '../../src/index.js';
import {
  JOBS,
  activeResources,
  childPids,
  errorOf,
  eventually,
  nextOutcome,
  requireBuild,
  valueOf,
} from './helpers.js';

beforeAll(requireBuild);

/** Handles a pool can own (child stdio and IPC pipes, processes, ports); timers are vitest's business. */
function workerHandles(): Record<string, number> {
  const counts = activeResources();
  return Object.fromEntries(
    ['PipeWrap', 'ProcessWrap', 'MessagePort', 'Worker'].map((type) => [type, counts.get(type) ?? 0]),
  );
}

/** OS threads of this process: worker threads add several each (their own V8 isolate and loop). */
function osThreads(): number {
  return readdirSync('/proc/self/task').length;
}

describe('worker pools: lazy start, idle, close', () => {
  it('starts no pool until a THREAD or PROCESS run needs one', async () => {
    const threads = osThreads();
    const scheduler = new Scheduler();
    try {
      const done = nextOutcome(scheduler, 'inline');
      scheduler.add(() => 'inline', { key: 'inline' });
      expect(valueOf(await done)).toBe('inline');
      expect(childPids()).toEqual([]);
      expect(osThreads()).toBeLessThanOrEqual(threads);
    } finally {
      await scheduler.close();
    }
  });

  it('leaves no child process, thread or handle behind after close', async () => {
    const before = workerHandles();
    const threads = osThreads();
    const scheduler = new Scheduler({
      workers: { threads: { min: 2, max: 2 }, processes: { min: 2, max: 2 } },
    });
    try {
      const runs = ['t1', 't2', 'p1', 'p2'].map((key) => nextOutcome(scheduler, key));
      for (const key of ['t1', 't2']) scheduler.add({ module: JOBS }, { key, runType: 'THREAD' });
      for (const key of ['p1', 'p2']) scheduler.add({ module: JOBS }, { key, runType: 'PROCESS' });
      for (const run of runs) expect(valueOf(await run)).toBe('hello');
      expect(childPids()).toHaveLength(2);
      expect(osThreads()).toBeGreaterThan(threads);
    } finally {
      await scheduler.close();
    }
    expect(childPids()).toEqual([]);
    expect(await eventually(() => osThreads() <= threads)).toBe(true);
    expect(workerHandles()).toEqual(before);
  });

  it('ends a run that outlives close’s timeout and its worker', async () => {
    const scheduler = new Scheduler({ workers: { abortGrace: 100 } });
    const started = Promise.all(
      ['thread', 'process'].map(
        (key) =>
          new Promise<void>((resolve) =>
            scheduler.on('taskStart', (task) => {
              if (task.key === key) resolve();
            }),
          ),
      ),
    );
    const outcomes = [nextOutcome(scheduler, 'thread'), nextOutcome(scheduler, 'process')];
    scheduler.add({ module: JOBS, export: 'spin' }, { key: 'thread', runType: 'THREAD' });
    scheduler.add({ module: JOBS, export: 'spin' }, { key: 'process', runType: 'PROCESS' });
    await started;
    await new Promise((resolve) => setTimeout(resolve, 600)); // the child has forked and is spinning

    const closing = Date.now();
    await scheduler.close({ timeout: 200 });
    expect(Date.now() - closing).toBeLessThan(5_000);
    for (const outcome of outcomes) expect(errorOf(await outcome)).toBeInstanceOf(Error);
    expect(childPids()).toEqual([]);
  });

  it('ends idle workers above min after idleTimeout', async () => {
    const threads = osThreads();
    const scheduler = new Scheduler({ workers: { idleTimeout: 200 } });
    try {
      const runs = [nextOutcome(scheduler, 'thread'), nextOutcome(scheduler, 'process')];
      scheduler.add({ module: JOBS }, { key: 'thread', runType: 'THREAD' });
      scheduler.add({ module: JOBS }, { key: 'process', runType: 'PROCESS' });
      for (const run of runs) expect(valueOf(await run)).toBe('hello');
      expect(childPids()).toHaveLength(1);

      expect(await eventually(() => childPids().length === 0 && osThreads() <= threads, 5_000)).toBe(true);
    } finally {
      await scheduler.close();
    }
  });

  it('lets the process exit by itself while the pools are idle', async () => {
    const script = fileURLToPath(new URL('./fixtures/idle-exit.mjs', import.meta.url));
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 15_000 });
    expect(stdout).toContain('both ran');
    // idleTimeout is 60 s: exiting well before it means nothing of the pools was holding the process.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('aborts a run still queued for a worker when its timeout passes', async () => {
    const scheduler = new Scheduler({ workers: { threads: { max: 1 }, abortGrace: 100 } });
    try {
      const blocker = nextOutcome(scheduler, 'blocker');
      const queued = nextOutcome(scheduler, 'queued');
      scheduler.add({ module: JOBS, export: 'spin' }, { key: 'blocker', runType: 'THREAD', args: [800] });
      scheduler.add({ module: JOBS }, { key: 'queued', runType: 'THREAD', timeout: 300 });
      expect(errorOf(await queued)).toBeInstanceOf(TaskTimeoutError);
      expect(valueOf(await blocker)).toBe('spun');
    } finally {
      await scheduler.close();
    }
  });
});

describe('worker settings', () => {
  it.each([
    [{ threads: { max: 0 } }, 'workers.threads.max'],
    [{ processes: { min: -1 } }, 'workers.processes.min'],
    [{ threads: { min: 3, max: 2 } }, 'workers.threads.min'],
    [{ processes: { max: 1.5 } }, 'workers.processes.max'],
    [{ idleTimeout: -5 }, 'workers.idleTimeout'],
    [{ abortGrace: Number.NaN }, 'workers.abortGrace'],
    // Beyond setTimeout's 2^31−1 ms Node fires after 1 ms: workers would be ended at once.
    [{ abortGrace: 2 ** 31 }, 'workers.abortGrace'],
    [{ idleTimeout: 30 * 86_400_000 }, 'workers.idleTimeout'],
    [{ entry: './relative.js' }, 'workers.entry'],
  ])('refuses %o at new Scheduler() naming %s', (workers, option) => {
    let error: unknown;
    try {
      new Scheduler({ workers });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidWorkerSettingsError);
    expect((error as InvalidWorkerSettingsError).option).toBe(option);
  });
});
