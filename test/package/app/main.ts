/**
 * The app the packed-package test installs crontainer into: what a user writes in their first hour.
 * It logs through pino; the test reads pino's JSON lines from stdout. THREAD and PROCESS tasks live
 * in ./workers.ts, a module that does not call bootstrap(), since workers import the class's module.
 * It starts from a child container with an override registered in the root, so the parent lookups
 * bootstrap relies on (`isRegistered(token, true)`, `resolveAll`) run on every tsyringe tested.
 */
import 'reflect-metadata';

import { bootstrap, Scheduled, SCHEDULE_OVERRIDES, type TaskContext } from 'crontainer';
import { pino } from 'pino';
import { container, injectable, singleton } from 'tsyringe';

import './workers.js';

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

container.register(SCHEDULE_OVERRIDES, { useValue: { greet: { interval: '100ms' } } });

const logger = pino({ base: null });
const scope = container.createChildContainer();
const app = await bootstrap({ container: scope, logger, handleSignals: true });
app.scheduler.on('taskSuccess', (task, run) => {
  logger.info({ key: task.key, value: run.value }, 'app: run succeeded');
});
const tasks = [...app.scheduler.tasks.values()].map((task) => ({ key: task.key, interval: task.interval }));
logger.info({ tasks, sameJobs: scope.resolve(Jobs) === container.resolve(Jobs) }, 'app: started');
