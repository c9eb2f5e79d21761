import type { EventEmitter } from 'node:events';

/**
 * Calls each listener of `event` on its own, so that one throwing (or rejecting) observer neither
 * breaks the caller nor hides the event from the listeners after it, which `EventEmitter.emit` does
 * (it stops at the first throw). `rawListeners` keeps `once` wrappers, so they still unregister.
 */
export function emitSafely(
  emitter: EventEmitter,
  event: string,
  args: readonly unknown[],
  report: (error: unknown) => void,
): void {
  // The common case, no listener at all, allocates nothing.
  if (emitter.listenerCount(event) === 0) return;
  for (const listener of emitter.rawListeners(event)) {
    try {
      const result: unknown = Reflect.apply(listener, emitter, args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  }
}
