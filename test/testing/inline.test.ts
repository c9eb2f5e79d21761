/**
 * `runInline`: THREAD and PROCESS runs called in the test's process, on the instance the container
 * resolved (so its test doubles are used), with worker-like structured clones at every border. No
 * build and no worker is involved: these tests pass without `dist/`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { container, singleton } from 'tsyringe';

import {
  App,
  bootstrap,
  InvalidTaskOptionsError,
  Scheduled,
  Scheduler,
  TaskTimeoutError,
  TestKitError,
  UncrossableValueError,
  WorkerCrashedError,
  type RunType,
  type TaskContext,
} from '../../src/index.js';
import { tagMethod } from '../../src/shared/method-reference.js';
import { TestClock } from '../../src/testing.js';
import { recordingLogger } from '../bootstrap/helpers.js';
import { RecordingLogger, T0 } from '../scheduler/helpers.js';

const JOBS = new URL('./fixtures/inline-jobs.js', import.meta.url);
const THIS_MODULE = import.meta.url;
const POOLED: readonly RunType[] = ['THREAD', 'PROCESS'];

let closing: (() => Promise<void>) | undefined;

afterEach(async () => {
  await closing?.();
  closing = undefined;
  container.reset();
});

/** A scheduler on a fresh test clock, closed after the test. */
function inlineScheduler(runInline: ConstructorParameters<typeof Scheduler>[0] = {}): {
  readonly scheduler: Scheduler;
  readonly clock: TestClock;
  readonly logger: RecordingLogger;
} {
  const clock = new TestClock({ now: T0, settleTimeout: 50 });
  const logger = new RecordingLogger();
  const scheduler = new Scheduler({ clock, logger, runInline: true, ...runInline });
  closing = async () => {
    await scheduler.close({ timeout: 0 });
    expect(clock.timerCount).toBe(0);
  };
  return { scheduler, clock, logger };
}

/** Every run's outcome value (taskSuccess) or error (taskError), in order. */
function outcomes(scheduler: Scheduler): { readonly values: unknown[]; readonly errors: unknown[] } {
  const values: unknown[] = [];
  const errors: unknown[] = [];
  scheduler.on('taskSuccess', (_task, run) => values.push(run.value));
  scheduler.on('taskError', (_task, error) => errors.push(error));
  return { values, errors };
}

describe.each(POOLED)('bootstrap({ runInline: true }) with %s methods', (runType) => {
  it('calls the method on the instance the container resolved, with its test double', async () => {
    class Mailer {
      send(to: string): Promise<void> {
        return Promise.reject(new Error(`the real mailer must not mail ${to} in tests`));
      }
    }
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const at = new Date(T0);
    const point = new Point(1, 2);
    const seen: { self: unknown; ctx: TaskContext; day: unknown; point: unknown }[] = [];
    @singleton()
    class Digest {
      constructor(readonly mailer: Mailer) {}
      @Scheduled({ interval: '1h', runType, args: [at, point] })
      async send(ctx: TaskContext, day: Date, where: Point): Promise<{ sent: number; day: Date }> {
        seen.push({ self: this, ctx, day, point: where });
        await this.mailer.send('team@example.com');
        return { sent: 1, day };
      }
    }
    const mailer = new Mailer();
    const send = vi.spyOn(mailer, 'send').mockResolvedValue();
    const scope = container.createChildContainer();
    scope.register(Mailer, { useValue: mailer });
    scope.registerSingleton(Digest);
    const clock = new TestClock({ now: T0 });
    const app = await bootstrap({ container: scope, clock, runInline: true, logger: recordingLogger() });
    closing = () => app.close();
    const { values, errors } = outcomes(app.scheduler);

    expect(await clock.advance('1h')).toEqual({ started: 2, pending: [] });
    expect(errors).toEqual([]);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenCalledWith('team@example.com');
    expect(seen[0]?.self).toBe(scope.resolve(Digest));
    // What a worker would see: ctx without `app`, args and the result as structured clones.
    expect(seen[0]?.ctx.app).toBeUndefined();
    expect(seen[1]?.ctx.scheduledAt).toEqual(new Date(T0 + 3_600_000));
    expect(seen[1]?.ctx.runNumber).toBe(2);
    expect(seen[0]?.day).toEqual(at);
    expect(seen[0]?.day).not.toBe(at);
    expect(seen[0]?.point).toEqual({ x: 1, y: 2 });
    expect(seen[0]?.point).not.toBeInstanceOf(Point);
    expect(values).toEqual([
      { sent: 1, day: at },
      { sent: 1, day: at },
    ]);
    expect(app.scheduler.tasks.get('Digest.send')?.runCount).toBe(2);
  });

  it('refuses args that could not cross to a worker, at decoration time', () => {
    expect(() => {
      class Refused {
        @Scheduled({ interval: '1h', runType, args: [() => 1] })
        work(): void {}
      }
      return Refused;
    }).toThrow(expect.objectContaining({ key: 'Refused.work', option: 'args' }) as Error);
  });
});

describe.each(POOLED)('new Scheduler({ runInline: true }) with %s runs', (runType) => {
  it('imports a module reference through the `import` setting (TypeScript, no build) once', async () => {
    const importer = vi.fn((url: string) => import(/* @vite-ignore */ url) as Promise<unknown>);
    const { scheduler, clock } = inlineScheduler({ runInline: { import: importer } });
    const { values } = outcomes(scheduler);
    scheduler.add(
      { module: JOBS, export: 'sum' },
      { key: 'sum', interval: '1m', runType, args: [[1, 2, 3]] },
    );
    await clock.advance('1m');
    expect(values).toEqual([
      { key: 'sum', total: 6 },
      { key: 'sum', total: 6 },
    ]);
    expect(importer).toHaveBeenCalledOnce();
    expect(importer).toHaveBeenCalledWith(JOBS.href);
  });

  it('fails a run whose export is not a function, and retries a failed import on the next run', async () => {
    let attempts = 0;
    const { scheduler, clock } = inlineScheduler({
      runInline: {
        import: async (url) => {
          attempts += 1;
          if (attempts === 1) throw new Error('not there yet');
          return import(/* @vite-ignore */ url) as Promise<unknown>;
        },
      },
    });
    const { errors } = outcomes(scheduler);
    scheduler.add({ module: JOBS, export: 'notAFunction' }, { key: 'nf', interval: '1m', runType });
    await clock.advance('1m');
    expect(attempts).toBe(2);
    expect(errors.map((error) => (error as Error).message)).toEqual([
      'not there yet',
      `crontainer runInline: ${JOBS.href} has no function export "notAFunction"`,
    ]);
  });

  it('runs a prototype method on the service the root container resolves, as a worker would', async () => {
    @singleton()
    class Counter {
      count = 0;
      @Scheduled({ interval: '1m', enabled: false })
      tick(): number {
        this.count += 1;
        return this.count;
      }
    }
    const { scheduler, clock } = inlineScheduler();
    const { values } = outcomes(scheduler);
    scheduler.add(Counter.prototype.tick, { key: 'tick', interval: '1m', runType });
    await clock.advance('2m');
    expect(values).toEqual([1, 2, 3]);
    expect(container.resolve(Counter).count).toBe(3);
  });

  it('crosses thrown errors and results as a worker does', async () => {
    class QuotaError extends Error {
      override name = 'QuotaError';
      readonly code = 'E_QUOTA';
    }
    const { scheduler, clock } = inlineScheduler();
    const { errors } = outcomes(scheduler);
    const thrower = vi.fn(() => {
      throw new QuotaError('over quota');
    });
    const returner = vi.fn(() => ({ callback: () => 1 }));
    tagMethod(thrower, { className: 'Jobs', methodName: 'thrower', moduleUrl: THIS_MODULE });
    tagMethod(returner, { className: 'Jobs', methodName: 'returner', moduleUrl: THIS_MODULE });
    scheduler.add(thrower, { key: 'throws', runType });
    scheduler.add(returner, { key: 'returns', runType });
    await clock.advance(0);
    expect(thrower).toHaveBeenCalledOnce();
    const [thrown, returned] = errors as Error[];
    // Rebuilt from what crossed: the name, message and primitive fields, not the class.
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(QuotaError);
    expect(thrown).toMatchObject({ name: 'QuotaError', message: 'over quota', code: 'E_QUOTA' });
    // As from a real worker: the typed error, naming the task and which value could not cross.
    expect(returned).toBeInstanceOf(UncrossableValueError);
    expect(returned).toMatchObject({ key: 'returns', runType, what: 'return value' });
  });

  it('fails the run with WorkerCrashedError when its args stopped being cloneable after add', async () => {
    const { scheduler, clock } = inlineScheduler();
    const { errors } = outcomes(scheduler);
    const payload: Record<string, unknown> = { id: 1 };
    const job = vi.fn();
    tagMethod(job, { className: 'Jobs', methodName: 'payload', moduleUrl: THIS_MODULE });
    scheduler.add(job, { key: 'payload', runType, args: [payload] });
    payload.callback = () => 1; // what a worker could not receive
    await clock.advance(0);
    expect(job).not.toHaveBeenCalled();
    expect(errors[0]).toBeInstanceOf(WorkerCrashedError);
    expect((errors[0] as WorkerCrashedError).key).toBe('payload');
    expect((errors[0] as WorkerCrashedError).cause).toMatchObject({ name: 'DataCloneError' });
  });

  it('still refuses closures and uncloneable args at add', () => {
    const { scheduler } = inlineScheduler();
    expect(() => scheduler.add(() => {}, { key: 'closure', runType })).toThrow(
      expect.objectContaining({ key: 'closure', option: 'fn' }) as Error,
    );
    const job = vi.fn();
    tagMethod(job, { className: 'Jobs', methodName: 'args', moduleUrl: THIS_MODULE });
    expect(() => scheduler.add(job, { key: 'args', runType, args: [Symbol('x')] })).toThrow(
      InvalidTaskOptionsError,
    );
  });

  it('aborts a hung run on its timeout, with a copied TaskTimeoutError as the signal reason', async () => {
    const { scheduler, clock } = inlineScheduler();
    const signals: AbortSignal[] = [];
    const job = vi.fn((ctx: TaskContext) => {
      signals.push(ctx.signal);
      return new Promise(() => {});
    });
    tagMethod(job, { className: 'Jobs', methodName: 'hung', moduleUrl: THIS_MODULE });
    const task = scheduler.add(job, { key: 'hung', runType, interval: '1m', timeout: '10s' });
    expect(await clock.advance('10s')).toEqual({ started: 1, pending: [] });
    expect(task.lastError).toBeInstanceOf(TaskTimeoutError);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ name: 'TaskTimeoutError', key: 'hung', timeout: 10_000 });
    expect(signals[0]?.reason).not.toBe(task.lastError);
  });
});

describe('the runInline setting', () => {
  it.each([
    ['yes', 'runInline'],
    [{ imports: () => Promise.resolve({}) }, 'runInline.imports'],
    [{ import: 'node:fs' }, 'runInline.import'],
  ])('refuses %o naming %s', async (runInline, option) => {
    const refused = expect.objectContaining({ option }) as Error;
    expect(() => new Scheduler({ runInline: runInline as never })).toThrow(TestKitError);
    expect(() => new Scheduler({ runInline: runInline as never })).toThrow(refused);
    await expect(bootstrap({ runInline: runInline as never, logger: recordingLogger() })).rejects.toThrow(
      refused,
    );
  });

  it('leaves ASYNC runs alone: they keep ctx.app', async () => {
    const clock = new TestClock({ now: T0 });
    const apps: unknown[] = [];
    @singleton()
    class Local {
      @Scheduled({ runs: 1 })
      run(ctx: TaskContext): void {
        apps.push(ctx.app);
      }
    }
    expect(container.isRegistered(Local)).toBe(true);
    const app = await bootstrap({ clock, runInline: true, logger: recordingLogger() });
    closing = () => app.close();
    await clock.advance(0);
    expect(apps).toEqual([app]);
    expect(apps[0]).toBeInstanceOf(App);
  });
});
