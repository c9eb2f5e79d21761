/**
 * Fault injection for THREAD and PROCESS workers (issue 9): no fault of a worker may end the app, stop
 * another task, or leave anything behind after close(). Each scenario runs in a Node process of its own
 * (fixtures/fault-scenario.mjs, on the build), so that a fault that ends the parent fails the test by
 * that process's exit code instead of taking vitest down or passing unseen.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { requireBuild } from './helpers.js';

beforeAll(requireBuild);

const SCENARIO = fileURLToPath(new URL('./fixtures/fault-scenario.mjs', import.meta.url));

interface Described {
  readonly name?: string;
  readonly isWorkerError: boolean;
  readonly key?: string;
  readonly runType?: string;
  readonly what?: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: string;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Described };

interface WorkerFault {
  readonly outcome: Outcome;
  readonly workerErrors: readonly (Described & { readonly worker: { readonly runType: string } })[];
  readonly atFault: Readonly<Record<'async' | 'otherPool' | 'samePool', number>>;
  readonly after: Readonly<Record<'async' | 'otherPool' | 'samePool', number>>;
}

/** Runs one scenario; fails unless its process exits with code 0 and prints its JSON result. */
function scenario<T>(runType: 'THREAD' | 'PROCESS', name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SCENARIO, runType, name], { timeout: 40_000 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`scenario "${name}" (${runType}) ended with ${String(error.code)}:\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T);
    });
  });
}

/** The app survived, reported the fault once as a WorkerError, and every other task carried on. */
function expectReportedAndCarriedOn(result: WorkerFault, runType: string, detail: RegExp): void {
  expect(result.workerErrors).toHaveLength(1);
  const [reported] = result.workerErrors;
  expect(reported).toMatchObject({ name: 'WorkerError', isWorkerError: true, runType, worker: { runType } });
  expect(reported?.key).toBeUndefined();
  expect(reported?.message).toMatch(detail);
  expect(result.after.async).toBeGreaterThanOrEqual(result.atFault.async + 2);
  expect(result.after.otherPool).toBeGreaterThanOrEqual(result.atFault.otherPool + 2);
}

describe.each(['THREAD', 'PROCESS'] as const)('%s worker faults outside a run', (runType) => {
  it('survives a worker that throws from a timer after its run returned', async () => {
    const result = await scenario<WorkerFault>(runType, 'throw after return');
    expect(result.outcome.ok).toBe(true);
    // A thread reports the error itself; a child only its exit (the error went to its stderr).
    expectReportedAndCarriedOn(
      result,
      runType,
      runType === 'THREAD' ? /thrown after the run returned/ : /exited with code 1/,
    );
    expect(result.after.samePool).toBeGreaterThanOrEqual(2);
  });

  it('survives a worker that leaves a rejection unhandled after its run returned', async () => {
    const result = await scenario<WorkerFault>(runType, 'reject after return');
    expectReportedAndCarriedOn(
      result,
      runType,
      runType === 'THREAD' ? /rejected after the run returned/ : /exited with code 1/,
    );
    expect(result.after.samePool).toBeGreaterThanOrEqual(2);
  });

  it('survives and reports a worker that calls process.exit() after its run returned', async () => {
    const result = await scenario<WorkerFault>(runType, 'exit after return');
    expectReportedAndCarriedOn(
      result,
      runType,
      runType === 'THREAD' ? /process\.exit\(0\)/ : /exited with code 0/,
    );
    expect(result.after.samePool).toBeGreaterThanOrEqual(2);
  });
});

describe('PROCESS worker killed from outside', () => {
  it.each(['SIGKILL', 'SIGTERM'])(
    'survives an idle child killed with %s and forks another',
    async (signal) => {
      const result = await scenario<WorkerFault>('PROCESS', `${signal} while idle`);
      expect(result.outcome.ok).toBe(true);
      const pid = (result.outcome as { value: { pid: number } }).value.pid;
      expectReportedAndCarriedOn(
        result,
        'PROCESS',
        new RegExp(`child process ${String(pid)} was killed by ${signal}`),
      );
      expect(result.after.samePool).toBeGreaterThanOrEqual(2);
    },
  );
});

describe('PROCESS child killed while it starts', () => {
  it('fails the run waiting for it, and the next run gets a new child', async () => {
    const result = await scenario<{
      killed: number[];
      outcomes: readonly Outcome[];
      workerErrors: unknown[];
    }>('PROCESS', 'killed while starting');
    expect(result.killed).toHaveLength(1);
    const [first, second] = result.outcomes;
    expect(first).toMatchObject({ ok: false, error: { name: 'WorkerCrashedError', key: 'once-1' } });
    expect(second).toMatchObject({ ok: true });
    // The failed run carries the failure (it was in flight, or waiting for that child).
    expect(result.workerErrors).toEqual([]);
  });
});

describe('THREAD that cannot start', () => {
  it('fails the run with WorkerCrashedError and reports the replacement that cannot start either', async () => {
    const result = await scenario<WorkerFault>('THREAD', 'cannot boot');
    expect(result.outcome.ok).toBe(false);
    expect((result.outcome as { error: Described }).error).toMatchObject({
      name: 'WorkerCrashedError',
      key: 'once-1',
    });
    expectReportedAndCarriedOn(result, 'THREAD', /resourceLimits/);
  });

  it('fails runs waiting for a thread that dies starting, instead of letting them wait forever', async () => {
    const result = await scenario<{
      outcomes: readonly Outcome[];
      workerErrors: readonly Described[];
      atFirst: number;
      after: number;
    }>('THREAD', 'cannot boot, a run waiting');
    expect(result.outcomes.map((outcome) => !outcome.ok && outcome.error.name)).toEqual([
      'WorkerCrashedError',
      'WorkerCrashedError',
    ]);
    expect(result.outcomes.map((outcome) => !outcome.ok && outcome.error.message)).toEqual([
      expect.stringMatching(/memory limit/),
      expect.stringMatching(/memory limit/),
    ]);
    // The runs carry the failure; a workerError would say it twice.
    expect(result.workerErrors).toEqual([]);
    expect(result.after).toBeGreaterThanOrEqual(result.atFirst + 2);
  });
});

interface OddResult {
  readonly exportName: 'throwOdd' | 'returnOdd';
  readonly kind: string;
  readonly outcome:
    { readonly ok: true; readonly type: string } | { readonly ok: false; readonly error: Described };
  readonly sameWorker: boolean;
}

describe.each(['THREAD', 'PROCESS'] as const)('%s odd thrown and returned values', (runType) => {
  it('fails the run with the task’s error or UncrossableValueError, and the same worker serves the next run', async () => {
    const { results, workerErrors } = await scenario<{
      results: readonly OddResult[];
      workerErrors: unknown[];
    }>(runType, 'odd values');
    const byKind = new Map(results.map((result) => [`${result.exportName} ${result.kind}`, result]));
    const errorOf = (kind: string): Described => {
      const outcome = byKind.get(kind)?.outcome;
      if (outcome?.ok !== false)
        throw new Error(`${kind}: expected a failed run, got ${JSON.stringify(outcome)}`);
      return outcome.error;
    };
    for (const result of results) {
      expect.soft(result.sameWorker, `${result.exportName} ${result.kind}`).toBe(true);
      if (!result.outcome.ok) expect.soft(result.outcome.error.name).not.toBe('WorkerCrashedError');
    }
    expect(workerErrors).toEqual([]);

    // An Error is rebuilt as far as it can be read: name, message and stack where readable.
    expect(errorOf('throwOdd a Proxy of an Error')).toMatchObject({
      name: 'LedgerError',
      message: 'proxied',
    });
    // Node formats a stack with the message, so neither can be read here; the name crosses.
    expect(errorOf('throwOdd message getter throws')).toMatchObject({ name: 'LedgerError' });
    expect(errorOf('throwOdd stack getter throws')).toMatchObject({
      name: 'LedgerError',
      message: 'no stack',
    });
    expect(errorOf('throwOdd name getter throws')).toMatchObject({ message: 'no name' });
    expect(errorOf('throwOdd cause getter throws').stack).toContain('faults.mjs');
    expect(errorOf('throwOdd cause getter throws')).toMatchObject({
      name: 'LedgerError',
      message: 'no cause',
    });
    // A value that is not an Error is described as far as it can be.
    expect(errorOf('throwOdd toString throws').message).toMatch(/non-Error value was thrown/);
    expect(errorOf('throwOdd null prototype').message).toMatch(/non-Error value was thrown/);
    expect(errorOf('throwOdd a revoked Proxy').message).toMatch(/Proxy/);
    expect(errorOf('throwOdd a Symbol').message).toMatch(/Symbol\(thrown\)/);

    const uncrossable = ['a Symbol', 'a function', 'a getter that throws', 'a Proxy'];
    // A thread's port copies a Blob; a child's V8 serialisation cannot.
    if (runType === 'PROCESS') uncrossable.push('a Blob');
    else expect(byKind.get('returnOdd a Blob')?.outcome.ok).toBe(true);
    for (const kind of uncrossable) {
      expect(errorOf(`returnOdd ${kind}`), kind).toMatchObject({
        name: 'UncrossableValueError',
        runType,
        what: 'return value',
        key: expect.stringMatching(/^once-/) as unknown,
      });
    }
  });
});

interface CloseTrial {
  readonly offset: number;
  readonly pids: readonly number[];
  readonly alive: readonly number[];
  readonly leftChildren: readonly number[];
  readonly leftHandles?: Record<string, number>;
}

describe.each(['PROCESS', 'THREAD'] as const)('%s close() around a kill after abortGrace', (runType) => {
  it('resolves only when the killed worker, its pipes and its port are gone', async () => {
    const { trials } = await scenario<{ trials: readonly CloseTrial[] }>(runType, 'close around a kill');
    if (runType === 'PROCESS') for (const trial of trials) expect(trial.pids).toHaveLength(1);
    expect(trials.filter((trial) => trial.alive.length > 0 || trial.leftChildren.length > 0)).toEqual([]);
    expect(trials.filter((trial) => trial.leftHandles !== undefined)).toEqual([]);
  });
});
