/**
 * THREAD and PROCESS tasks of the packed-package test's app. Their class has an injected dependency,
 * so the worker's container must know its parameter types: the very thing a second tsyringe copy
 * breaks ("TypeInfo not known").
 */
import { Scheduled } from 'crontainer';
import { injectable, singleton } from 'tsyringe';

@injectable()
export class Primes {
  below(limit: number): number {
    let count = 0;
    for (let n = 2; n < limit; n += 1) {
      let prime = true;
      for (let d = 2; d * d <= n; d += 1) {
        if (n % d === 0) {
          prime = false;
          break;
        }
      }
      if (prime) count += 1;
    }
    return count;
  }
}

@singleton()
export class Crunch {
  constructor(private readonly primes: Primes) {}

  @Scheduled({ interval: '200ms', runType: 'THREAD', key: 'thread-primes' })
  inThread(): number {
    return this.primes.below(1_000);
  }

  @Scheduled({ interval: '200ms', runType: 'PROCESS', key: 'process-primes' })
  inProcess(): number {
    return this.primes.below(1_000);
  }
}
