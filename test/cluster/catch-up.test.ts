import { afterEach, describe, expect, it } from 'vitest';

import { Rendezvous } from '../../src/cluster/rendezvous.js';
import { Scheduler } from '../../src/index.js';
import { FakeClock, RecordingLogger, T0 } from '../scheduler/helpers.js';
import { MemoryCoordinator, MemoryStore } from './memory-coordinator.js';

// The cluster link's scheduling rules on a FakeClock, against an in-memory store: what a single owner
// does when it falls behind, when its store is slow, and when a task moves to it.
const PERIOD = 100;
const schedulers: Scheduler[] = [];
let clock: FakeClock;

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
});

function instance(store: MemoryStore, id: string): { scheduler: Scheduler; coordinator: MemoryCoordinator } {
  const coordinator = new MemoryCoordinator(store, id);
  const scheduler = new Scheduler({ coordinator, clock, logger: new RecordingLogger() });
  schedulers.push(scheduler);
  return { scheduler, coordinator };
}

/** Lets the scheduler's timers fire and its promises settle, `steps` ms of fake time one by one. */
async function settle(steps = 20): Promise<void> {
  for (let i = 0; i < steps; i += 1) await clock.advance(1);
}

describe('a cluster task’s owner', () => {
  it('claims every planned run it missed while its loop was blocked, one after the other', async () => {
    clock = new FakeClock();
    const store = new MemoryStore(clock);
    const { scheduler } = instance(store, 'a');
    const planned: number[] = [];
    await scheduler.asyncAdd((ctx) => void planned.push(ctx.scheduledAt.getTime() - T0), {
      key: 'job',
      interval: PERIOD,
      firstRun: T0,
    });
    await clock.advance(250);
    expect(planned).toEqual([0, 100, 200]);
    clock.jump(450); // blocked: 300 to 700 fall due without a tick
    await settle();
    // A local scheduler coalesces them into one late run; no other instance would run them here.
    expect(planned).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    await clock.advance(100);
    expect(planned).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800]);
  });

  it('claims a planned run that fell due while its previous claim was unanswered, once it is', async () => {
    clock = new FakeClock();
    const store = new MemoryStore(clock);
    const { scheduler, coordinator } = instance(store, 'a');
    const planned: number[] = [];
    await scheduler.asyncAdd((ctx) => void planned.push(ctx.scheduledAt.getTime() - T0), {
      key: 'job',
      interval: PERIOD,
      firstRun: T0 + PERIOD,
      overlap: 'allow',
    });
    coordinator.hold(); // the store is slow: the claim for 100 is not answered before 200 is due
    await clock.advance(250);
    expect(planned).toEqual([]);
    coordinator.release();
    await settle();
    expect(planned).toEqual([100, 200]);
  });

  it('claims the planned run it skipped last when the task moves to it', async () => {
    clock = new FakeClock();
    const store = new MemoryStore(clock);
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    const ran: string[] = [];
    const options = { key: 'job', interval: PERIOD, firstRun: T0 + PERIOD };
    await a.scheduler.asyncAdd((ctx) => void ran.push(`a@${ctx.scheduledAt.getTime() - T0}`), options);
    await b.scheduler.asyncAdd((ctx) => void ran.push(`b@${ctx.scheduledAt.getTime() - T0}`), options);
    await clock.advance(300); // heartbeats: both are members, one owns the task
    const ownerId = new Rendezvous().owner('job', ['a', 'b'])!;
    const owner = ownerId === 'a' ? a : b;
    // The owner closes between two planned runs, but the survivor hears of it only after 400 fell
    // due (its heartbeats still list the owner, its 'leave' message is late): it skips 400.
    const deliver = store.listeners;
    const pending: (() => void)[] = [];
    store.listeners = new Set(
      [...deliver].map((listener) => (origin, command) => {
        pending.push(() => {
          listener(origin, command);
        });
      }),
    );
    await owner.scheduler.close();
    store.members.add(ownerId);
    await clock.advance(101);
    store.members.delete(ownerId);
    store.listeners = deliver;
    for (const message of pending) message();
    await settle();
    await clock.advance(200);
    const times = ran.map((entry) => Number(entry.split('@')[1]));
    // 400 was due while nobody owned the task for the survivor: claimed late when it took over.
    expect(times).toEqual([100, 200, 300, 400, 500, 600]);
  });
});
