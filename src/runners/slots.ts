/**
 * A counting semaphore with a FIFO queue and abortable waits. The pool runners keep their own queue in
 * front of piscina/tinypool and hand the pool at most `capacity` runs at once: with `min: 0`, both pools
 * let queued tasks starve after a worker is terminated or crashes (they only replace a worker to honour
 * `min`), whereas a dispatch into a pool with a free slot always finds or starts a worker.
 */
export class Slots {
  readonly #capacity: number;
  #taken = 0;
  readonly #waiting: { grant: () => void; fail: (reason: unknown) => void }[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Takes a free slot at once if there is one (the common case, without a promise). */
  tryAcquire(): boolean {
    if (this.#taken >= this.#capacity) return false;
    this.#taken += 1;
    return true;
  }

  /** Resolves when a slot is free; rejects with the signal's reason if it aborts first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (reason: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      const onAbort = (): void => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(signal.reason as unknown);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#taken -= 1;
    else next.grant();
  }

  /** Rejects every waiter (at close). */
  rejectWaiting(reason: () => unknown): void {
    for (const waiter of this.#waiting.splice(0)) waiter.fail(reason());
  }
}
