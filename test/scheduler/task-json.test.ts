/**
 * `Task.toJSON()` and the inspect view: every public field of a task, as plain JSON data, and what
 * `console.log(task)` prints (it printed `Task {}`).
 */
import { inspect } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Scheduler, Task, TaskTimeoutError, type TaskJSON } from '../../src/index.js';
import { TestClock } from '../../src/testing.js';
import { RecordingLogger, T0 } from './helpers.js';

let clock: TestClock;
let scheduler: Scheduler;

beforeEach(() => {
  clock = new TestClock({ now: T0, settleTimeout: 20 });
  scheduler = new Scheduler({ clock, logger: new RecordingLogger() });
});

afterEach(async () => {
  await scheduler.close({ timeout: 0 });
});

/** The public getters of `Task`: what `toJSON` must cover. */
function publicGetters(): string[] {
  return Object.entries(Object.getOwnPropertyDescriptors(Task.prototype))
    .filter(([name, descriptor]) => descriptor.get !== undefined && typeof name === 'string')
    .map(([name]) => name);
}

const iso = (ms: number): string => new Date(T0 + ms).toISOString();

describe('Task.toJSON', () => {
  it('has every public field of the task, and nothing else', () => {
    const task = scheduler.add(() => {}, { enabled: false });
    expect(Object.keys(task.toJSON()).sort()).toEqual(publicGetters().sort());
    expect(publicGetters()).toEqual(expect.arrayContaining(['lastError', 'isRunning', 'timezone']));
  });

  it('gives the state of a running task with its last error, as JSON data', async () => {
    let release: (() => void) | undefined;
    let calls = 0;
    const task = scheduler.add(
      () => {
        calls += 1;
        if (calls === 1) throw new RangeError('first run fails');
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      {
        key: 'report',
        interval: '1m',
        firstRun: T0 + 1_000,
        timeout: '30s',
        args: [{ day: new Date(T0) }, 7],
        overlap: 'allow',
      },
    );
    await clock.advance('61s'); // run 1 fails at 1 s, run 2 starts at 61 s and is held
    const json: TaskJSON = task.toJSON();
    expect(json).toEqual({
      key: 'report',
      status: 'active',
      isActive: true,
      isRunning: true,
      runCount: 2,
      skipCount: 0,
      errorCount: 1,
      lastRunAt: iso(61_000),
      lastRunDuration: 0,
      nextRunAt: iso(121_000),
      lastError: { name: 'RangeError', message: 'first run fails' },
      interval: 60_000,
      cron: null,
      timezone: null,
      firstRun: iso(1_000),
      runs: null,
      runType: 'ASYNC',
      args: [{ day: iso(0) }, 7],
      autoRemove: false,
      overlap: 'allow',
      timeout: 30_000,
      enabled: true,
    });
    // JSON-safe: stringifying loses nothing, and `JSON.stringify(task)` goes through toJSON.
    expect(JSON.parse(JSON.stringify(task))).toEqual(json);
    // A snapshot: it does not follow the task afterwards.
    release?.();
    await clock.advance(0);
    expect(task.isRunning).toBe(false);
    expect(json.isRunning).toBe(true);
  });

  it('has the time zone of a cron task, and null for what is absent', () => {
    const task = scheduler.add(() => {}, {
      key: 'nightly',
      cron: '0 3 * * *',
      timezone: 'Europe/Berlin',
      runs: 5,
      enabled: false,
    });
    expect(task.toJSON()).toMatchObject({
      timezone: 'Europe/Berlin',
      cron: '0 3 * * *',
      interval: null,
      runs: 5,
      status: 'stopped',
      isActive: false,
      nextRunAt: null,
      lastRunAt: null,
      lastRunDuration: null,
      lastError: null,
      timeout: null,
      firstRun: null,
      args: [],
    });
  });

  it('describes errors that are not Errors, SchedulerErrors by name, and args JSON cannot hold', async () => {
    const thrower = scheduler.add(
      () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the test is about
        throw 'boom';
      },
      { key: 'string-thrower', args: [10n] },
    );
    const hung = scheduler.add(() => new Promise(() => {}), { key: 'hung', timeout: 5 });
    await clock.advance(5);
    expect(thrower.toJSON().lastError).toEqual({
      name: 'Error',
      message: 'a non-Error value was thrown: boom',
    });
    expect(thrower.toJSON().args).toEqual(['10 (bigint)']);
    expect(hung.lastError).toBeInstanceOf(TaskTimeoutError);
    expect(hung.toJSON().lastError).toEqual({
      name: 'TaskTimeoutError',
      message: 'Task "hung" timed out after 5 ms',
    });
  });
});

describe('Task inspect view', () => {
  it('prints Task { … } with every field, as console.log does', async () => {
    const task = scheduler.add(
      () => {
        throw new TypeError('bad input');
      },
      { key: 'report', cron: '*/5 * * * *', timezone: 'UTC', overlap: 'skip' },
    );
    await clock.advance('5m'); // runs at 00:00 (a match at the start counts) and 00:05
    const printed = inspect(task);
    expect(printed).toMatch(/^Task \{\n {2}key: 'report',\n {2}status: 'active',/);
    for (const field of [
      'isRunning: false',
      "timezone: 'UTC'",
      "cron: '*/5 * * * *'",
      'runCount: 2',
      'errorCount: 2',
      `lastRunAt: '${iso(300_000)}'`,
      `nextRunAt: '${iso(600_000)}'`,
      "lastError: { name: 'TypeError', message: 'bad input' }",
    ]) {
      expect(printed).toContain(field);
    }
  });

  it('prints [Task key] where the depth runs out', () => {
    const task = scheduler.add(() => {}, { key: 'deep', enabled: false });
    expect(inspect({ nested: { task } }, { depth: 1 })).toBe('{ nested: { task: [Task deep] } }');
    expect(inspect([task], { depth: 0 })).toBe('[ [Task deep] ]');
  });
});
