/**
 * Issue 9, as a property: whatever is given to a public entry point (fast-check builds getters that
 * throw, proxies with a throwing trap, revoked proxies, odd prototypes, huge and sparse arrays, at any
 * depth: see recipes.ts), the call either accepts it or refuses it with a `SchedulerError`, and a
 * refusal changes nothing. The seed is fixed, so every run tries the same values; a failure prints the
 * recipe that caused it.
 */
import { container } from 'tsyringe';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { App, Scheduled, Scheduler, SchedulerError, bootstrap } from '../../src/index.js';
import { RedisCoordinator } from '../../src/redis.js';
import { scheduledMethodsOf } from '../../src/decorators/metadata.js';
import { OPTION_NAMES } from '../../src/options/rules.js';
import { FakeClock, RecordingLogger } from '../scheduler/helpers.js';
import { build, gives, optionsRecipe, recipe, recipeOf } from './recipes.js';
import { silentCoordinator } from '../helpers/coordinators.js';
import { fakeRedisClient } from '../helpers/redis-clients.js';

const RUNS = { seed: 9_2026, numRuns: 150 } as const;

/** The names each entry point reads, at every level, so generated objects reach its deeper rules. */
const TASK = optionsRecipe([...OPTION_NAMES, 'module']);
const WORKERS = [
  'entry',
  'threads',
  'processes',
  'idleTimeout',
  'abortGrace',
  'min',
  'max',
  'resourceLimits',
];
const LIMITS = ['maxOldGenerationSizeMb', 'maxYoungGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];
const CLOCK = ['now', 'monotonic', 'setTimeout', 'clearTimeout', 'canPoll', 'setImmediate', 'clearImmediate'];
const LOGGER = ['info', 'warn', 'error'];
const SCHEDULER = ['clock', 'app', 'workers', 'coordinator', 'logger'];
const BOOTSTRAP = [...SCHEDULER, 'container', 'overrides', 'handleSignals'];
const FIELDS = [...WORKERS, ...LIMITS, ...CLOCK, ...LOGGER, 'register', 'listen', 'claim', 'close'];
const COORDINATOR = ['client', 'prefix', 'commandTimeout', 'maxClockSkew', 'logger'];
/** The task function: mostly a function, so that the options are what is judged. */
const FN = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ special: 'function' } as const) },
  { weight: 1, arbitrary: recipe },
);
const noop = (): void => undefined;

/** What `action` did: returned (accepted) or threw; anything thrown must be a `SchedulerError`. */
function outcome(action: () => unknown): { readonly refused: boolean; readonly value?: unknown } {
  try {
    return { refused: false, value: action() };
  } catch (error) {
    expect(error, describeThrown(error)).toBeInstanceOf(SchedulerError);
    return { refused: true };
  }
}

async function asyncOutcome(action: () => Promise<unknown>): Promise<{ refused: boolean; value?: unknown }> {
  let promise: Promise<unknown> | undefined;
  // Async entry points reject; they never throw.
  expect(() => (promise = action())).not.toThrow();
  try {
    return { refused: false, value: await promise };
  } catch (error) {
    expect(error, describeThrown(error)).toBeInstanceOf(SchedulerError);
    return { refused: true };
  }
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `a thrown ${typeof error}`;
}

function scheduler(): Scheduler {
  return new Scheduler({ clock: new FakeClock(), logger: new RecordingLogger() });
}

/** What a refusal must leave as it was: the tasks, their state, the timers. */
function snapshot(target: Scheduler, clock?: FakeClock): string {
  return JSON.stringify({
    tasks: [...target.tasks.values()].map((task) => ({ ...task.toJSON(), args: task.args.length })),
    timers: clock?.pendingTimers,
    closed: target.isClosed,
  });
}

describe('every entry point accepts a value or refuses it with a SchedulerError, changing nothing', () => {
  it('add(fn, options) and asyncAdd(fn, options)', async () => {
    await fc.assert(
      fc.asyncProperty(FN, TASK, async (fn, options) => {
        const clock = new FakeClock();
        const target = new Scheduler({ clock, logger: new RecordingLogger() });
        const before = snapshot(target, clock);
        if (outcome(() => target.add(build(fn) as never, build(options) as never)).refused) {
          expect(snapshot(target, clock)).toBe(before);
        }
        const between = snapshot(target, clock);
        if ((await asyncOutcome(() => target.asyncAdd(noop, build(options) as never))).refused) {
          expect(snapshot(target, clock)).toBe(between);
        }
        await target.close({ timeout: 0 });
      }),
      RUNS,
    );
  });

  it('@Scheduled(options)', () => {
    fc.assert(
      fc.property(TASK, (options) => {
        class Service {
          run(): void {}
        }
        const decorate = (): void => {
          const descriptor = Object.getOwnPropertyDescriptor(Service.prototype, 'run')!;
          Scheduled(build(options) as never)(Service.prototype, 'run', descriptor);
        };
        if (outcome(decorate).refused) expect(scheduledMethodsOf(Service)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('edits of a stopped task', () => {
    const editable = OPTION_NAMES.filter((option) => option !== 'key');
    fc.assert(
      fc.property(fc.constantFrom(...editable), recipeOf(OPTION_NAMES), (option, value) => {
        const target = scheduler();
        const task = target.add(noop, { key: 'k', interval: 1_000, args: [1], enabled: false });
        const before = snapshot(target);
        const edit = (): void => {
          (task as unknown as Record<string, unknown>)[option] = build(value);
        };
        if (outcome(edit).refused) expect(snapshot(target)).toBe(before);
        void target.close();
      }),
      RUNS,
    );
  });

  it('stop(key, options), restart(key), remove(key) and close(options)', async () => {
    await fc.assert(
      fc.asyncProperty(recipe, optionsRecipe(['abort', 'timeout']), async (key, options) => {
        const clock = new FakeClock();
        const target = new Scheduler({ clock, logger: new RecordingLogger() });
        target.add(noop, { key: 'k', interval: 1_000 });
        for (const call of [
          () => target.stop('k', build(options) as never),
          () => target.stop(build(key) as never),
          () => target.restart(build(key) as never),
          () => target.remove(build(key) as never),
        ]) {
          const before = snapshot(target, clock);
          if (outcome(call).refused) expect(snapshot(target, clock)).toBe(before);
        }
        const before = snapshot(target, clock);
        if ((await asyncOutcome(() => target.close(build(options) as never))).refused) {
          expect(snapshot(target, clock)).toBe(before);
        }
        await target.close({ timeout: 0 });
      }),
      RUNS,
    );
  });

  it('new Scheduler(options): a refusal leaves the coordinator unused', async () => {
    await fc.assert(
      fc.asyncProperty(optionsRecipe(SCHEDULER, FIELDS), async (options) => {
        const coordinator = silentCoordinator();
        const extras = gives(options, 'coordinator') ? {} : { coordinator };
        const made = outcome(
          () => new Scheduler(build(options, { logger: new RecordingLogger(), ...extras }) as never),
        );
        if (made.refused) expect(coordinator.listened).toBe(0);
        else await closeQuietly(made.value as Scheduler);
      }),
      RUNS,
    );
  });

  it('bootstrap(options): a refusal leaves the container as it was', async () => {
    await fc.assert(
      fc.asyncProperty(optionsRecipe(BOOTSTRAP, [...FIELDS, ...OPTION_NAMES]), async (options) => {
        const child = container.createChildContainer();
        const extras = gives(options, 'container') ? {} : { container: child };
        const quiet = { info: noop, warn: noop, error: noop };
        const made = await asyncOutcome(() =>
          bootstrap(build(options, { logger: quiet, ...extras }) as never),
        );
        if (made.refused) expect(child.isRegistered(Scheduler)).toBe(false);
        else await closeQuietly(made.value as App);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('new RedisCoordinator(options): a refusal leaves the client untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        optionsRecipe(COORDINATOR, ['evalSha', 'duplicate', 'on', 'off', 'warn']),
        async (options) => {
          const client = fakeRedisClient();
          const extras = gives(options, 'client') ? {} : { client };
          const made = outcome(() => new RedisCoordinator(build(options, extras) as never));
          if (made.refused) expect(client.listeners).toBe(0);
          else await closeQuietly(made.value as RedisCoordinator);
        },
      ),
      RUNS,
    );
  });
});

/** Closes what was accepted; a generated collaborator may fail there, which is not what is tested. */
async function closeQuietly(made: { close(options?: { timeout: number }): Promise<void> }): Promise<void> {
  try {
    await made.close({ timeout: 0 });
  } catch {
    // A generated clock or coordinator that returns nonsense: closing is not under test.
  }
}
