/**
 * The same work expressed with each library, the way its own documentation would express it.
 *
 * - crontainer: `scheduler.add(fn, { key, interval, firstRun })` on one Scheduler. Keys are given
 *   (`task-<i>`) because real apps name their tasks and an omitted key costs a uuid; `firstRun` is one
 *   interval ahead so that, like the peers, the first run comes one interval after registration.
 * - toad-scheduler: one ToadScheduler, `new SimpleIntervalJob({ milliseconds }, new Task(id, fn), { id })`
 *   per task, `addSimpleIntervalJob`. Ids given for the same reason as our keys. It wraps setInterval.
 * - croner: `new Cron('0 * * * *', { startAt }, fn)` per task for "every hour" — croner's unit is a cron
 *   pattern with whole seconds at most, and its `interval` option only throttles a pattern (checked:
 *   `new Cron('* * * * * *', { interval: 0.1 })` fires once a second), so it cannot express "every
 *   100 ms" or "every 10 ms" and is left out of the lateness scenarios. No `name`: a named croner job is
 *   pushed onto a global array that is scanned on every registration.
 * - setInterval: one `setInterval(fn, ms)` per task, handles kept in an array to clear them later.
 *
 * `runEvery` returns `starts`, performance.now() readings of each task's slot 0, so slot k is ideally at
 * `start + k·interval`, and calls `onRun(task, slot?)`: peers have no notion of a slot, so their k-th
 * call stands for slot k; crontainer says which slot a run stands for (`ctx.scheduledAt`), which differs
 * from the call count only after it coalesced missed slots into one run.
 */
import { Cron } from 'croner';
import toad from 'toad-scheduler';

import { Scheduler } from '../../dist/index.js';

const DAY_MS = 86_400_000;
const noop = () => {};

/**
 * Maps Date.now() ms to performance.now() ms. Each time Date.now() ticks over, performance.now() read at
 * once is at or after the true start of that millisecond (the spin may be preempted in between), so the
 * largest `date − perf` seen over many ticks pins the offset to within microseconds, as sub-millisecond
 * lateness needs.
 */
function dateToPerfClock(samples = 50) {
  let offset = -Infinity;
  let previous = Date.now();
  for (let seen = 0; seen < samples;) {
    const date = Date.now();
    if (date === previous) continue;
    offset = Math.max(offset, date - performance.now());
    previous = date;
    seen += 1;
  }
  return (dateMs) => dateMs - offset;
}

const crontainer = {
  register(count, intervalMs) {
    const scheduler = new Scheduler();
    const firstRun = new Date(Date.now() + DAY_MS);
    for (let i = 0; i < count; i++) scheduler.add(noop, { key: `task-${i}`, interval: intervalMs, firstRun });
    return { close: () => scheduler.close() };
  },
  runEvery(count, intervalMs, onRun) {
    const toPerf = dateToPerfClock();
    const scheduler = new Scheduler();
    const starts = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const start = Date.now();
      starts[i] = toPerf(start);
      // The run's own slot: after a coalesced (lost) firing the next run stands for a later slot.
      const run = (context) => onRun(i, (context.scheduledAt.getTime() - start) / intervalMs);
      scheduler.add(run, { key: `task-${i}`, interval: intervalMs, firstRun: start + intervalMs });
    }
    return { starts, close: () => scheduler.close() };
  },
};

const toadScheduler = {
  register(count, intervalMs) {
    const scheduler = new toad.ToadScheduler();
    for (let i = 0; i < count; i++) {
      const id = `task-${i}`;
      const task = new toad.Task(id, noop);
      scheduler.addSimpleIntervalJob(new toad.SimpleIntervalJob({ milliseconds: intervalMs }, task, { id }));
    }
    return { close: async () => scheduler.stop() };
  },
  runEvery(count, intervalMs, onRun) {
    const scheduler = new toad.ToadScheduler();
    const starts = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const id = `task-${i}`;
      const task = new toad.Task(id, () => onRun(i));
      starts[i] = performance.now();
      scheduler.addSimpleIntervalJob(new toad.SimpleIntervalJob({ milliseconds: intervalMs }, task, { id }));
    }
    return { starts, close: async () => scheduler.stop() };
  },
};

const croner = {
  register(count, intervalMs) {
    if (intervalMs !== 3_600_000) throw new Error('croner is measured with an hourly pattern only');
    const startAt = new Date(Date.now() + DAY_MS);
    const jobs = [];
    for (let i = 0; i < count; i++) jobs.push(new Cron('0 * * * *', { startAt }, noop));
    return {
      close: async () => {
        for (const job of jobs) job.stop();
      },
    };
  },
};

const rawSetInterval = {
  register(count, intervalMs) {
    const handles = [];
    for (let i = 0; i < count; i++) handles.push(setInterval(noop, intervalMs));
    return {
      close: async () => {
        for (const handle of handles) clearInterval(handle);
      },
    };
  },
  runEvery(count, intervalMs, onRun) {
    const handles = [];
    const starts = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      starts[i] = performance.now();
      handles.push(setInterval(() => onRun(i), intervalMs));
    }
    return {
      starts,
      close: async () => {
        for (const handle of handles) clearInterval(handle);
      },
    };
  },
};

/** Every library by the name the tables use. */
export const LIBRARIES = {
  crontainer,
  'toad-scheduler': toadScheduler,
  croner,
  setInterval: rawSetInterval,
};

export const PEERS = ['toad-scheduler', 'croner', 'setInterval'];
