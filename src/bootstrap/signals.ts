/**
 * Graceful shutdown on SIGINT/SIGTERM. The first signal starts a graceful close and removes our
 * listeners at once, so a second Ctrl-C gets Node's default behaviour (the process ends) instead of
 * waiting for runs that will not finish.
 */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** Calls `onSignal` on the first SIGINT or SIGTERM; the returned function removes the listeners. */
export function onShutdownSignal(onSignal: (signal: ShutdownSignal) => void): () => void {
  const listeners = SHUTDOWN_SIGNALS.map((signal) => {
    const listener = (): void => {
      remove();
      onSignal(signal);
    };
    return [signal, listener] as const;
  });
  const remove = (): void => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
  };
  for (const [signal, listener] of listeners) process.on(signal, listener);
  return remove;
}
