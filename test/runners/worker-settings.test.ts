/**
 * The `workers` rule table (src/runners/worker-settings.ts): defaults, a copy of what was given, and
 * resource limits no lower than what a thread boots and runs with, checked here on real threads.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { Scheduler, type TaskSource } from '../../src/index.js';
import { MAX_TASK_ARGS } from '../../src/options/rules.js';
import {
  MIN_OLD_GENERATION_MB,
  MIN_STACK_MB,
  defaultPoolMax,
  resolveWorkerSettings,
} from '../../src/runners/worker-settings.js';
import { JOBS, SERVICES, nextOutcome, requireBuild, valueOf } from './helpers.js';

beforeAll(requireBuild);

describe('resolveWorkerSettings', () => {
  it('fills in the defaults', () => {
    expect(resolveWorkerSettings(undefined)).toEqual({
      entry: undefined,
      threads: { min: 0, max: defaultPoolMax() },
      processes: { min: 0, max: defaultPoolMax() },
      idleTimeout: 60_000,
      abortGrace: 1_000,
    });
  });

  it('keeps a frozen copy of the limits given, without the absent ones, and resolves idempotently', () => {
    const resourceLimits = { maxOldGenerationSizeMb: 64, stackSizeMb: undefined };
    const resolved = resolveWorkerSettings({
      threads: { max: 2, resourceLimits },
      entry: '/srv/app/entry.js',
    });
    resourceLimits.maxOldGenerationSizeMb = 1;
    expect(resolved.threads.resourceLimits).toEqual({ maxOldGenerationSizeMb: 64 });
    expect(Object.isFrozen(resolved.threads.resourceLimits)).toBe(true);
    expect(resolved.entry).toBe('file:///srv/app/entry.js');
    expect(resolveWorkerSettings(resolved)).toEqual(resolved);
  });

  it('ignores an empty resourceLimits', () => {
    expect(resolveWorkerSettings({ threads: { resourceLimits: {} } }).threads.resourceLimits).toBeUndefined();
  });
});

describe('the least resource limits', () => {
  const resourceLimits = { maxOldGenerationSizeMb: MIN_OLD_GENERATION_MB, stackSizeMb: MIN_STACK_MB };

  it(`boot a thread that runs a module export with ${MAX_TASK_ARGS} args`, async () => {
    const scheduler = new Scheduler({ workers: { threads: { max: 1, resourceLimits } } });
    try {
      const args = Array.from({ length: MAX_TASK_ARGS }, (_, index) => index);
      const outcome = nextOutcome(scheduler, 'least');
      scheduler.add({ module: JOBS, export: 'echo' }, { key: 'least', runType: 'THREAD', args });
      const result = await outcome;
      expect((valueOf(result) as { args: unknown[] }).args).toHaveLength(MAX_TASK_ARGS);
    } finally {
      await scheduler.close();
    }
  });

  it('boot a thread that runs a decorated method (its module loads crontainer itself)', async () => {
    const { CounterService } = (await import(SERVICES.href)) as {
      CounterService: { prototype: { tick: TaskSource } };
    };
    const scheduler = new Scheduler({ workers: { threads: { max: 1, resourceLimits } } });
    try {
      const outcome = nextOutcome(scheduler, 'method');
      scheduler.add(CounterService.prototype.tick, { key: 'method', runType: 'THREAD' });
      expect(valueOf(await outcome)).toMatchObject({ count: 1, key: 'method' });
    } finally {
      await scheduler.close();
    }
  });
});
