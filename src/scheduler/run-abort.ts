/**
 * A run's abort switch whose `AbortSignal` exists only once somebody asks for it. On Node 20, creating an
 * AbortController and adding and removing a listener on its signal costs more than everything else a run
 * does; most ASYNC tasks never read `ctx.signal`, so they should not pay for it. Aborting before the
 * signal is read still yields an aborted signal, with the same reason, when it is read later.
 */
export class RunAbort {
  #controller: AbortController | undefined;
  #listener: ((reason: unknown) => void) | undefined;
  #aborted = false;
  #reason: unknown;

  /** The run's signal (`ctx.signal`), created on first access. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts once: the scheduler's own listener first, then the signal's listeners, if it has any. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.(reason);
    this.#controller?.abort(reason);
  }

  /** Sets the scheduler's one listener (`undefined` clears it); a plain field, not an EventTarget. */
  onAbort(listener: ((reason: unknown) => void) | undefined): void {
    this.#listener = listener;
  }
}
