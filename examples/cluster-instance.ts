/**
 * One instance of the cluster demo (examples/cluster.ts starts two). Every instance registers the same
 * tasks; the RedisCoordinator makes each planned run execute on exactly one of them. The instance
 * prints the planned runs it executed and closes after RUN_FOR_MS.
 */
import 'reflect-metadata';
import { createClient } from 'redis';
import { container, singleton } from 'tsyringe';
import { bootstrap, Scheduled, type TaskContext } from 'crontainer';
import { RedisCoordinator } from 'crontainer/redis';

const NAME = process.env.DEMO_INSTANCE ?? 'instance';
const PREFIX = process.env.DEMO_PREFIX ?? 'crontainer-demo:';
const RUN_FOR_MS = Number(process.env.DEMO_RUN_FOR_MS ?? 9_000);

/** Planned time as hh:mm:ss.mmm, which is what the two instances agree on. */
const at = (ctx: TaskContext): string => ctx.scheduledAt.toISOString().slice(11, 23);

@singleton()
class Heartbeat {
  readonly executed: string[] = [];

  /** Every 500 ms, cluster-wide: the two instances share one timetable and split its runs. */
  @Scheduled({ key: 'Heartbeat.beat', interval: '500ms' })
  beat(ctx: TaskContext): void {
    this.executed.push(at(ctx));
    console.log(`${NAME}: Heartbeat.beat   run ${String(ctx.runNumber).padStart(2)} planned ${at(ctx)}`);
  }

  /** `runs` counts across the cluster: 3 runs in total, whichever instance makes them. */
  @Scheduled({ key: 'Heartbeat.report', interval: '2s', runs: 3 })
  report(ctx: TaskContext): void {
    console.log(`${NAME}: Heartbeat.report run ${ctx.runNumber} of 3, planned ${at(ctx)}`);
  }
}

const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
await client.connect();
const app = await bootstrap({ container, coordinator: new RedisCoordinator({ client, prefix: PREFIX }) });
app.scheduler.on('coordinatorError', (error) => {
  console.log(`${NAME}: Redis unreachable, starting nothing until it is back (${String(error)})`);
});

await new Promise((resolve) => setTimeout(resolve, RUN_FOR_MS));
const beat = app.scheduler.tasks.get('Heartbeat.beat');
await app.close({ timeout: 2_000 });
client.destroy();
const executed = container.resolve(Heartbeat).executed;
// The last line is read by the launcher: the planned runs this instance executed.
console.log(`${NAME}: done, cluster runCount of Heartbeat.beat ${String(beat?.runCount)}`);
console.log(JSON.stringify({ instance: NAME, executed }));
