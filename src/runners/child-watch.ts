import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { MessagePort } from 'node:worker_threads';

/** How long `allGone` waits for the children before it kills those still running (ms). */
const GONE_WAIT = 2_000;
/** How long it then waits for the killed ones (ms); after that `allGone` resolves regardless. */
const KILLED_WAIT = 1_000;

/** What tinypool keeps per child: its process, and one end of the MessageChannel it pairs with it. */
interface PoolChild {
  readonly process?: ChildProcess;
  readonly port?: MessagePort;
}

interface Watched {
  /** The child's 'exit' was seen (or had happened when watching began). */
  exited: boolean;
  /** Settles once the child has exited and its pipes and port are closed. */
  readonly gone: Promise<void>;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once `child` has exited and every pipe and port that tied it to us is closed. */
function closed(child: ChildProcess, port: MessagePort | undefined): Promise<unknown> {
  const waits: Promise<unknown>[] = [];
  if (!hasExited(child)) waits.push(once(child, 'exit'));
  // The IPC channel's end is 'disconnect'; each stdio pipe closes on its own, a moment after the exit.
  if (child.connected) waits.push(once(child, 'disconnect'));
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    if (stream !== null && !stream.closed) waits.push(once(stream, 'close'));
  }
  if (port !== undefined) waits.push(once(port, 'close'));
  // `once` rejects when the emitter emits 'error' first (a pipe that breaks): that one is over too.
  return Promise.allSettled(waits);
}

/**
 * Every child process a tinypool pool has started, watched from the moment it is first seen until it
 * has exited and its pipes (stdio, IPC) and its MessagePort are closed. tinypool forgets a child as soon
 * as it starts terminating it (an aborted run's child, one that died), so its `destroy` cannot wait
 * for those; `close()` promises that nothing of a child is left, and waits here instead. The pool
 * shows it each new child it can see (`see`), right after anything that may have started one.
 */
export class ChildWatch {
  readonly #watched = new Map<ChildProcess, Watched>();

  /** Starts watching the children of these pool workers (`Tinypool.threads`) not watched yet. */
  see(workers: readonly unknown[]): void {
    for (const worker of workers) {
      // tinypool does not type its workers' fields; `process` and `port` are there on every ProcessWorker.
      const { process: child, port } = worker as PoolChild;
      if (child === undefined || this.#watched.has(child)) continue;
      const entry: Watched = {
        exited: hasExited(child),
        gone: closed(child, port).then(() => {
          this.#watched.delete(child);
        }),
      };
      child.once('exit', () => {
        entry.exited = true;
      });
      this.#watched.set(child, entry);
    }
  }

  /**
   * The child whose 'exit' event is being dispatched right now: it has exited, and our own 'exit'
   * listener (added after tinypool's) has not run yet. That is the child tinypool reports from
   * inside the event ("Worker exited unexpectedly").
   */
  exiting(): ChildProcess | undefined {
    for (const [child, entry] of this.#watched) {
      if (!entry.exited && hasExited(child)) return child;
    }
    return undefined;
  }

  /**
   * Resolves once every child seen has exited and closed its pipes. Bounded: a child still running
   * after `GONE_WAIT` ms (the pool terminates each one, with SIGKILL after 1 s) is killed, and after
   * `KILLED_WAIT` more ms this resolves whatever is left.
   */
  async allGone(): Promise<void> {
    if (this.#watched.size === 0) return;
    if (await this.#within(GONE_WAIT)) return;
    for (const child of this.#watched.keys()) {
      if (!hasExited(child)) child.kill('SIGKILL');
    }
    await this.#within(KILLED_WAIT);
  }

  /** Whether every watched child is gone within `ms`. */
  async #within(ms: number): Promise<boolean> {
    const cap = new AbortController();
    const gone = Promise.all([...this.#watched.values()].map((entry) => entry.gone)).then(() => true);
    const late = delay(ms, false, { signal: cap.signal, ref: false }).catch(() => false);
    const result = await Promise.race([gone, late]);
    cap.abort();
    return result;
  }
}
