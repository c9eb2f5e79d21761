/**
 * The packed-package test's app in one file, as most first apps are: its THREAD and PROCESS workers
 * import this very module to rebuild `Crunch`, so the bootstrap() below also runs in every worker,
 * where it must start nothing. What only the app should do is guarded with isCrontainerWorker(), as
 * the README says. Otherwise the same app as ../app/ (a child container, an override in the root).
 */
import 'reflect-metadata';

import { bootstrap, isCrontainerWorker, Scheduled, SCHEDULE_OVERRIDES, type TaskContext } from 'crontainer';
import { pino } from 'pino';
import { container, injectable, singleton } from 'tsyringe';

@injectable()
class Greeting {
  text(run: number): string {
    return `hello ${run}`;
  }
}

@singleton()
class Jobs {
  constructor(private readonly greeting: Greeting) {}

  @Scheduled({ interval: '1h', key: 'greet' })
  greet(ctx: TaskContext): string {
    return this.greeting.text(ctx.runNumber);
  }

  @Scheduled({ interval: '100ms', key: 'explode', runs: 1 })
  explode(): void {
    throw new Error('the disk is full');
  }
}

@injectable()
class Primes {
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
class Crunch {
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

container.register(SCHEDULE_OVERRIDES, { useValue: { greet: { interval: '100ms' } } });

const logger = pino({ base: null });
const scope = container.createChildContainer();
const app = await bootstrap({ container: scope, logger, handleSignals: true });
if (!isCrontainerWorker()) {
  app.scheduler.on('taskSuccess', (task, run) => {
    logger.info({ key: task.key, value: run.value }, 'app: run succeeded');
  });
  const tasks = [...app.scheduler.tasks.values()].map((task) => ({ key: task.key, interval: task.interval }));
  const sameJobs = scope.resolve(Jobs) === container.resolve(Jobs) && scope.resolve(Crunch) instanceof Crunch;
  logger.info({ tasks, sameJobs }, 'app: started');
}
