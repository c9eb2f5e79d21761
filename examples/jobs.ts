/**
 * CPU-heavy work that would freeze the event loop if it ran there: the candidates for THREAD and
 * PROCESS tasks. Plain exported functions, so a worker can import this module by URL.
 */
import type { TaskContext } from 'crontainer';

/** Counts the primes below `limit` by trial division: deliberately slow, about 100 ms at 2,000,000. */
export function countPrimes(limit: number): number {
  let count = 0;
  for (let candidate = 2; candidate < limit; candidate++) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= candidate; divisor++) {
      if (candidate % divisor === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/** The task form: `ctx` first, then `args` (here the limit). */
export default function primesTask(_ctx: TaskContext, limit = 200_000): number {
  return countPrimes(limit);
}
