/**
 * Whether this thread or process is a crontainer worker. `worker.ts` marks its realm before it imports
 * any of the app's modules, so an app whose entry module both defines its services and calls
 * `bootstrap()` can serve as the worker's module: bootstrap sees the mark and starts nothing there.
 * The mark lives on `globalThis` under a `Symbol.for` key so that two copies of crontainer in one
 * realm (a bundled app, an app that resolves its own copy) agree on it.
 */
const WORKER_MARK = Symbol.for('crontainer.worker');

/** @internal Called once by `worker.ts`, first thing, in every worker thread and child process. */
export function markWorkerRealm(): void {
  (globalThis as Record<symbol, unknown>)[WORKER_MARK] = true;
}

/**
 * `true` inside a crontainer THREAD or PROCESS worker, where the app's modules are imported only to
 * rebuild services. Code of an entry module that must run once per app, not once per worker (an HTTP
 * server, a queue consumer), can be guarded with it; `bootstrap()` already is.
 */
export function isCrontainerWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[WORKER_MARK] === true;
}
