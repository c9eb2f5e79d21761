/**
 * The worker side of THREAD and PROCESS runs: one module that piscina (threads) and tinypool (child
 * processes) both load and call as `runTask(request)`. It imports the task's module (once per worker),
 * rebuilds `ctx`, and for decorated methods resolves the service from this worker's own tsyringe
 * container: one instance per worker, kept for every later run. It never throws: the task's outcome,
 * failure included, is returned as a `WorkerResponse` that can always be sent (`crossing-result.ts`),
 * so a rejected dispatch in the parent always means that the worker itself died.
 */
import 'reflect-metadata';

import { BroadcastChannel, isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';

import { container } from 'tsyringe';

import { type Constructor, decoratedClasses, scheduledMethodsOf } from '../decorators/metadata.js';
import { TaskTargetError } from '../errors.js';
import type { TaskContext } from '../shared/task-context.js';
import { fromCrossingError } from './crossing-error.js';
import { WORKER_RUN_TYPE, failureResponse, successResponse } from './crossing-result.js';
import { RunAbort } from '../scheduler/run-abort.js';
import { inheritLoaderHooks } from './loader-hooks.js';
import {
  EXIT_MESSAGE,
  type ExitMessage,
  isAbortMessage,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';
import type { ServiceMethodTarget } from './runner.js';
import { clearRun, postRun, runBoardOf } from './run-board.js';
import { markWorkerRealm } from './worker-realm.js';

// Before any app module is imported: their bootstrap() calls must see that they run in a worker.
markWorkerRealm();

type Callable = (...args: readonly unknown[]) => unknown;
type ModuleNamespace = Readonly<Record<string, unknown>>;

/** Imported modules by URL; the promise is kept so that concurrent first runs import once. */
const modules = new Map<string, Promise<ModuleNamespace>>();
/** The service instance of each decorated class, built on its first run in this worker. */
const services = new Map<Constructor, object>();
/** Runs in progress in this worker, by run id, so an abort message can reach the right signal. */
const running = new Map<number, RunAbort>();
/** Where this thread posts the run it executes, so the parent can terminate it (threads only). */
const board = runBoardOf(workerData);
/** Thread pools announce aborts on a named BroadcastChannel; one subscription per name. */
const abortChannels = new Map<string, BroadcastChannel>();

/** The parent's TypeScript loader, made to work in this thread before the app's first import. */
let loaderHooks: Promise<void> | undefined;

function importOnce(url: string): Promise<ModuleNamespace> {
  let loaded = modules.get(url);
  if (loaded === undefined) {
    loaderHooks ??= inheritLoaderHooks();
    loaded = loaderHooks.then(() => import(url) as Promise<ModuleNamespace>);
    modules.set(url, loaded);
    // A failed import is not cached: the next run tries again (the file may have been fixed).
    loaded.catch(() => modules.delete(url));
  }
  return loaded;
}

function abortRun(message: unknown): void {
  if (isAbortMessage(message)) running.get(message.runId)?.abort(fromCrossingError(message.reason));
}

function listenForAborts(channelName: string | undefined): void {
  if (channelName === undefined || abortChannels.has(channelName)) return;
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: unknown) => {
    abortRun((event as { data: unknown }).data);
  };
  // An idle worker must be free to exit; the channel alone never keeps it alive.
  channel.unref();
  abortChannels.set(channelName, channel);
}

// A child process hears aborts on its IPC channel (tinypool forwards our untagged messages as they are).
if (isMainThread && typeof process.send === 'function') process.on('message', abortRun);

/**
 * A thread that exits by itself between runs says so (see `ExitMessage`). 'exit' listeners run on
 * `process.exit()` and on an uncaught error, not on `terminate()`; with a run in flight, that run fails
 * with the exit instead, so nothing is sent.
 */
function announceOwnExit(port: NonNullable<typeof parentPort>): void {
  // Set once an uncaught error is ending the thread: piscina reports that one itself.
  let dyingOfUncaughtError = false;
  process.on('uncaughtExceptionMonitor', () => {
    // With an 'uncaughtException' listener of the app's, the error does not end the thread.
    if (process.listenerCount('uncaughtException') === 0) dyingOfUncaughtError = true;
  });
  process.on('exit', (code) => {
    if (dyingOfUncaughtError || running.size > 0) return;
    const message: ExitMessage = { type: EXIT_MESSAGE, code };
    port.postMessage(message);
  });
}

if (!isMainThread && parentPort !== null) announceOwnExit(parentPort);

function findClass(target: ServiceMethodTarget): Constructor | undefined {
  const named = [...decoratedClasses()].filter((cls) => cls.name === target.className);
  const fromModule = named.filter((cls) =>
    scheduledMethodsOf(cls).some((method) => method.moduleUrl === target.url),
  );
  if (fromModule.length === 1) return fromModule[0];
  // The module URL seen at decoration time can differ in form (a bundle, a symlink); a unique name is enough.
  return named.length === 1 ? named[0] : undefined;
}

async function serviceFor(
  target: ServiceMethodTarget,
  entry: string | undefined,
  key: string,
): Promise<object> {
  // The composition root first: it registers providers (and usually imports the class). The class's own
  // module is imported only when the entry did not define the class, because in a bundled app that
  // module may be the one that starts the app.
  if (entry !== undefined) await importOnce(entry);
  let cls = findClass(target);
  if (cls === undefined) {
    await importOnce(target.url);
    cls = findClass(target);
  }
  if (cls === undefined) {
    throw new TaskTargetError(
      key,
      WORKER_RUN_TYPE,
      `no @Scheduled class named ${target.className} after importing ` +
        (entry === undefined ? target.url : `${entry} and ${target.url}`),
    );
  }
  let service = services.get(cls);
  if (service === undefined) {
    service = container.resolve(cls as unknown as new () => object);
    services.set(cls, service);
  }
  return service;
}

async function callableFor(request: WorkerRequest): Promise<{ fn: Callable; self: unknown }> {
  const { target, key } = request;
  if (target.kind === 'module') {
    const exported = (await importOnce(target.url))[target.exportName];
    if (typeof exported !== 'function') {
      throw new TaskTargetError(
        key,
        WORKER_RUN_TYPE,
        `${target.url} has no function export "${target.exportName}"`,
      );
    }
    return { fn: exported as Callable, self: undefined };
  }
  const service = await serviceFor(target, request.entry, key);
  const method = (service as Record<string, unknown>)[target.methodName];
  if (typeof method !== 'function') {
    throw new TaskTargetError(
      key,
      WORKER_RUN_TYPE,
      `${target.className}.${target.methodName} is not a method`,
    );
  }
  return { fn: method as Callable, self: service };
}

/** Runs one request and reports how it ended. Called by the pools; never rejects. */
export async function runTask(request: WorkerRequest): Promise<WorkerResponse> {
  listenForAborts(request.abortChannel);
  const abort = new RunAbort();
  running.set(request.runId, abort);
  if (board !== undefined) postRun(board, threadId, request.runId);
  const context: TaskContext = {
    app: undefined,
    key: request.key,
    runNumber: request.runNumber,
    scheduledAt: new Date(request.scheduledAt),
    get signal() {
      return abort.signal;
    },
  };
  try {
    const { fn, self } = await callableFor(request);
    return successResponse(await fn.call(self, context, ...request.args), request.key);
  } catch (error) {
    return failureResponse(error, request.key);
  } finally {
    running.delete(request.runId);
    if (board !== undefined) clearRun(board, threadId, request.runId);
  }
}

export default runTask;
