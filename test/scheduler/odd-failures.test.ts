/**
 * ASYNC tasks that throw values that are hard to read (issue 9): a revoked Proxy, an error whose
 * getters throw. The scheduler must still count, emit and log each failure, and keep every task going.
 */
import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { Scheduler, type SchedulerLogger } from '../../src/index.js';
import { FakeClock } from './helpers.js';

/** Formats what it is given as `console.error` does, so it throws where `console` would. */
class InspectingLogger implements SchedulerLogger {
  readonly lines: string[] = [];

  error(message: string, ...meta: unknown[]): void {
    this.lines.push([message, ...meta.map((value) => inspect(value))].join(' '));
  }
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function withThrowingGetter(error: Error, property: 'message' | 'stack' | 'name'): Error {
  Object.defineProperty(error, property, {
    get() {
      throw new Error(`the ${property} getter throws`);
    },
  });
  return error;
}

const ODD: readonly (readonly [string, () => unknown])[] = [
  ['a revoked Proxy', revokedProxy],
  ['an error whose message getter throws', () => withThrowingGetter(new RangeError('m'), 'message')],
  ['an error whose stack getter throws', () => withThrowingGetter(new RangeError('s'), 'stack')],
  ['an error whose name getter throws', () => withThrowingGetter(new RangeError('n'), 'name')],
];

describe('ASYNC tasks that throw odd values', () => {
  it.each(ODD)('counts, logs and emits %s, and every task keeps running', async (_name, make) => {
    const clock = new FakeClock();
    const logger = new InspectingLogger();
    const scheduler = new Scheduler({ clock, logger });
    const thrown = make();
    const odd = scheduler.add(
      () => {
        throw thrown;
      },
      { key: 'odd', interval: 100 },
    );
    let healthyRuns = 0;
    scheduler.add(() => (healthyRuns += 1), { key: 'healthy', interval: 100 });

    await clock.advance(150); // runs at 0 and 100
    // Nobody listens: each failure is logged (from a readable stand-in where `inspect` chokes).
    expect(logger.lines.filter((line) => line.includes('task "odd" failed'))).toHaveLength(2);
    expect(odd.errorCount).toBe(2);
    // Compared by identity only: vitest's own matchers cannot read a revoked Proxy either.
    expect(odd.lastError === thrown).toBe(true);

    const heard: unknown[] = [];
    scheduler.on('taskError', (_task, error) => heard.push(error));
    await clock.advance(100);
    expect(heard).toHaveLength(1);
    expect(heard[0] === thrown).toBe(true);
    expect(odd.isActive).toBe(true);
    expect(healthyRuns).toBe(3);
    await scheduler.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('logs what can be read of an error whose message cannot be', async () => {
    const clock = new FakeClock();
    const logger = new InspectingLogger();
    const scheduler = new Scheduler({ clock, logger });
    scheduler.add(
      () => {
        throw withThrowingGetter(new RangeError('m'), 'message');
      },
      { key: 'odd' },
    );
    await clock.advance(10);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/task "odd" failed .*RangeError.*\(its message cannot be read\)/);
    await scheduler.close();
  });
});
