/**
 * The per-run switch a pool watches to terminate the worker running that run. piscina and tinypool
 * accept any 'abort' emitter with `once`/`off` as a task's signal, and this minimal one is used instead
 * of an `AbortController`: in Node 20 creating a controller and adding and removing a listener on its
 * signal costs some 15 µs, as much as the rest of a thread dispatch together.
 */
export class KillSwitch {
  /** Read by the pools before they start the task. */
  aborted = false;
  /** Why the run's worker was terminated (the run's own abort reason). */
  reason: unknown;
  #listener: (() => void) | undefined;

  /** The pool's hook (one per task). */
  once(_event: 'abort', listener: () => void): void {
    this.#listener = listener;
  }

  off(_event: 'abort', listener: () => void): void {
    if (this.#listener === listener) this.#listener = undefined;
  }

  /** piscina removes its hook under this name. */
  removeListener(event: 'abort', listener: () => void): void {
    this.off(event, listener);
  }

  /** Terminates the run's worker through the pool. Idempotent. */
  kill(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.();
  }
}
