import { createHash } from 'node:crypto';
import { threadId } from 'node:worker_threads';

import { singleton } from 'tsyringe';
import { Scheduled, type TaskContext } from 'crontainer';

import { countPrimes } from '../jobs.js';

/**
 * Work that must not run in the event loop. Each worker (thread or child process) imports the
 * composition root (`workers.entry` in main.ts), resolves its own instance of this service and keeps it:
 * `runsHere` counts the runs that one worker served, not the app's.
 */
@singleton()
export class HeavyWork {
  private runsHere = 0;

  /** A CPU-heavy hash chain (a few hundred ms) on a worker thread: the event loop keeps ticking meanwhile. */
  @Scheduled({ interval: '2s', runType: 'THREAD', timeout: '5s', args: [40_000] })
  fingerprint(ctx: TaskContext, rounds: number): string {
    let digest = Buffer.from(ctx.key);
    for (let round = 0; round < rounds && !ctx.signal.aborted; round++) {
      digest = createHash('sha256').update(digest).digest();
    }
    this.runsHere += 1;
    return `${digest.toString('hex').slice(0, 12)} (thread ${threadId}, run ${this.runsHere} here)`;
  }

  /** An isolated job in a child process: if it crashed, only that run would fail. */
  @Scheduled({ interval: '3s', runType: 'PROCESS', args: [1_000_000] })
  primes(_ctx: TaskContext, limit: number): string {
    this.runsHere += 1;
    return `${countPrimes(limit)} primes (pid ${process.pid}, run ${this.runsHere} here)`;
  }
}
