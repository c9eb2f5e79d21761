/**
 * `runInline`: THREAD and PROCESS runs called in this process, for tests. A test of a service then needs
 * no build and no worker, and its test doubles are used: a decorated method runs on the instance the
 * app's container resolved. What would cross to a worker still crosses a structured clone here (args,
 * result, thrown error, `ctx` without `app`), so a value that could not reach a worker fails the test
 * as it would fail in production.
 */
// tsyringe refuses to load before the Reflect polyfill, and this module may be the first to import it.
import 'reflect-metadata';

import { container } from 'tsyringe';

import { decoratedClasses, type Constructor } from '../decorators/metadata.js';
import {
  SchedulerClosedError,
  TaskTargetError,
  TestKitError,
  UncrossableValueError,
  WorkerCrashedError,
} from '../errors.js';
import type { RunType } from '../options/task-options.js';
import { RunAbort } from '../scheduler/run-abort.js';
import type { TaskContext } from '../shared/task-context.js';
import { fromCrossingError, toCrossingError } from './crossing-error.js';
import type { ModuleTarget, Runner, RunRequest, ServiceMethodTarget } from './runner.js';
import type { RunnerFactory } from './runners.js';

/** Settings of `runInline` (`runInline: true` takes every default). */
export interface InlineRunSettings {
  /**
   * Imports the module of a module reference (`{ module, export }`). Pass `(url) => import(url)` written
   * in your test file, so that the test runner's loader imports it: vitest's compiles TypeScript and
   * finds `./job.ts` for `./job.js`, which crontainer's own `import()` (plain Node) does not.
   * Decorated methods need no import. @default crontainer's own `import()`
   */
  readonly import?: ((url: string) => Promise<unknown>) | undefined;
}

type Callable = (...args: readonly unknown[]) => unknown;
type ModuleNamespace = Readonly<Record<string, unknown>>;

const SETTINGS = ['import'] as const;

/** Resolved `runInline`: `undefined` when runs go to the worker pools as usual. */
function inlineSettings(value: unknown): Required<InlineRunSettings> | undefined {
  if (value === undefined || value === false) return undefined;
  const given = value === true ? {} : value;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw TestKitError.expected('runInline', 'true, false or { import }', value);
  }
  for (const name of Object.keys(given)) {
    if (!(SETTINGS as readonly string[]).includes(name)) {
      throw new TestKitError(
        `runInline.${name}`,
        (given as Record<string, unknown>)[name],
        `is not a setting of runInline (known: ${SETTINGS.join(', ')})`,
      );
    }
  }
  const importer: unknown = Object.hasOwn(given, 'import') ? (given as InlineRunSettings).import : undefined;
  if (importer !== undefined && typeof importer !== 'function') {
    throw TestKitError.expected('runInline.import', 'a function such as (url) => import(url)', importer);
  }
  return { import: (importer as InlineRunSettings['import']) ?? ((url: string) => import(url)) };
}

/**
 * The runner factories `runInline` plugs into the scheduler: none when it is off, else an inline
 * runner for THREAD and one for PROCESS. Validates the setting (a `TestKitError` names what is wrong).
 */
export function inlineRunnerFactories(value: unknown): Partial<Record<RunType, RunnerFactory>> {
  const settings = inlineSettings(value);
  if (settings === undefined) return {};
  return {
    THREAD: () => new InlineRunner('THREAD', settings.import),
    PROCESS: () => new InlineRunner('PROCESS', settings.import),
  };
}

/** `ctx` as a worker rebuilds it: copied data, no `app`, a signal of its own aborted with a copied reason. */
function workerContext(context: TaskContext): TaskContext {
  const abort = new RunAbort();
  const parent = context.signal;
  const forward = (): void => {
    abort.abort(fromCrossingError(toCrossingError(parent.reason)));
  };
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  return {
    app: undefined,
    key: context.key,
    runNumber: context.runNumber,
    scheduledAt: new Date(context.scheduledAt.getTime()),
    get signal() {
      return abort.signal;
    },
  };
}

/** Calls THREAD or PROCESS runs in this process, each as a worker would, with clones at the borders. */
export class InlineRunner implements Runner {
  readonly #runType: 'THREAD' | 'PROCESS';
  readonly #import: (url: string) => Promise<unknown>;
  /** Imported modules by URL, as a worker keeps them; a failed import is tried again next run. */
  readonly #modules = new Map<string, Promise<ModuleNamespace>>();
  /** Services resolved from the root container for prototype methods, one per class, as a worker does. */
  readonly #services = new Map<Constructor, object>();
  #closed = false;

  constructor(runType: 'THREAD' | 'PROCESS', importer: (url: string) => Promise<unknown>) {
    this.#runType = runType;
    this.#import = importer;
  }

  async run({ target, context, args }: RunRequest): Promise<unknown> {
    if (target.kind === 'function') {
      const problem = 'the runner takes module references and @Scheduled methods, not closures';
      throw new TaskTargetError(context.key, this.#runType, problem);
    }
    if (this.#closed) throw new SchedulerClosedError(context.key);
    let copies: unknown[];
    try {
      copies = structuredClone([...args]);
    } catch (error) {
      // What the pools report when the request cannot be posted to the worker.
      const detail = error instanceof Error ? error.message : String(error);
      throw new WorkerCrashedError(context.key, detail, { cause: error });
    }
    let value: unknown;
    try {
      const { fn, self } = await this.#callable(target);
      value = await fn.call(self, workerContext(context), ...copies);
    } catch (error) {
      throw fromCrossingError(toCrossingError(error));
    }
    try {
      return value === undefined ? undefined : structuredClone(value);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new UncrossableValueError(context.key, this.#runType, 'return value', detail, { cause: error });
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #callable(target: ModuleTarget | ServiceMethodTarget): Promise<{ fn: Callable; self: unknown }> {
    return target.kind === 'module' ? this.#moduleExport(target) : Promise.resolve(this.#method(target));
  }

  async #moduleExport(target: ModuleTarget): Promise<{ fn: Callable; self: unknown }> {
    let loaded = this.#modules.get(target.url);
    if (loaded === undefined) {
      loaded = this.#import(target.url) as Promise<ModuleNamespace>;
      this.#modules.set(target.url, loaded);
      loaded.catch(() => this.#modules.delete(target.url));
    }
    const exported = (await loaded)[target.exportName];
    if (typeof exported !== 'function') {
      throw new TypeError(
        `crontainer runInline: ${target.url} has no function export "${target.exportName}"`,
      );
    }
    return { fn: exported as Callable, self: undefined };
  }

  /**
   * Bootstrap hands over its copy of the method bound to the app's instance: that one is called as it
   * is. A method taken from the prototype (`add(Service.prototype.work, …)`) runs on the service the
   * root container resolves, as in a worker.
   */
  #method(target: ServiceMethodTarget): { fn: Callable; self: unknown } {
    const fn = target.fn as Callable | undefined;
    if (fn === undefined) {
      throw new TypeError(`crontainer runInline: ${target.className}.${target.methodName} has no function`);
    }
    const owner = [...decoratedClasses()].find(
      (cls) => (cls.prototype as Record<string, unknown>)[target.methodName] === fn,
    );
    if (owner === undefined) return { fn, self: undefined };
    let service = this.#services.get(owner);
    if (service === undefined) {
      service = container.resolve(owner as unknown as new () => object);
      this.#services.set(owner, service);
    }
    return { fn, self: service };
  }
}
