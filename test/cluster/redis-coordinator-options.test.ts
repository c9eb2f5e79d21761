/**
 * Issue 9, `new RedisCoordinator()`: every option validated at construction, before the client is
 * touched, as an `InvalidCoordinatorOptionsError` naming `coordinator.<option>`; and the coordinator's
 * other refusals are `SchedulerError`s of their own class. A fake client is enough: nothing here
 * reaches Redis.
 */
import { describe, expect, it } from 'vitest';

import { Scheduler } from '../../src/index.js';
import {
  CoordinatorInUseError,
  CoordinatorUnavailableError,
  InvalidCoordinatorOptionsError,
  RedisCoordinator,
  type RedisClientLike,
  type RedisCoordinatorOptions,
} from '../../src/redis.js';
import { RecordingLogger } from '../scheduler/helpers.js';
import { HostileError, refusal, rejection, trapping, withThrowingGetter } from '../validation/hostile.js';
import { fakeRedisClient } from '../helpers/redis-clients.js';

const quiet = { warn: (): void => {} };

function construct(options: unknown): () => RedisCoordinator {
  return () => new RedisCoordinator(options as RedisCoordinatorOptions);
}

describe('new RedisCoordinator(options)', () => {
  it.each([[null], [5], [[]]])('refuses %o as the options', (options) => {
    expect(refusal(construct(options), InvalidCoordinatorOptionsError).option).toBe('coordinator');
  });

  it('refuses no options at all: the client is required', () => {
    expect(refusal(construct(undefined), InvalidCoordinatorOptionsError).option).toBe('coordinator.client');
  });

  it.each([
    [{}, 'coordinator.client'],
    [{ client: {} }, 'coordinator.client.evalSha'],
    [{ client: 5 }, 'coordinator.client'],
    [{ prefix: 5 }, 'coordinator.prefix'],
    [{ prefix: {} }, 'coordinator.prefix'],
    [{ prefix: '' }, 'coordinator.prefix'],
    [{ commandTimeout: Number.NaN }, 'coordinator.commandTimeout'],
    [{ commandTimeout: -1 }, 'coordinator.commandTimeout'],
    [{ commandTimeout: 0 }, 'coordinator.commandTimeout'],
    [{ commandTimeout: Number.POSITIVE_INFINITY }, 'coordinator.commandTimeout'],
    [{ commandTimeout: 2 ** 31 }, 'coordinator.commandTimeout'],
    [{ commandTimeout: '2s' }, 'coordinator.commandTimeout'],
    [{ maxClockSkew: Number.NaN }, 'coordinator.maxClockSkew'],
    [{ maxClockSkew: -1 }, 'coordinator.maxClockSkew'],
    [{ logger: 5 }, 'coordinator.logger'],
    [{ logger: {} }, 'coordinator.logger.warn'],
    [{ prefx: 'app:' }, 'coordinator.prefx'],
  ])('refuses %o naming %s, and leaves the client untouched', (options, option) => {
    const client = fakeRedisClient({ ready: true });
    const given = option.startsWith('coordinator.client') ? options : { client, ...options };
    const error = refusal(construct(given), InvalidCoordinatorOptionsError);
    expect(error.option).toBe(option);
    expect(error.message.startsWith(option)).toBe(true);
    expect(client.listeners).toBe(0);
  });

  it('lists the known options with a typo', () => {
    const error = refusal(
      construct({ client: fakeRedisClient({ ready: true }), prefx: 'a:' }),
      InvalidCoordinatorOptionsError,
    );
    expect(error.message).toBe(
      'coordinator.prefx is not a setting (known: client, prefix, commandTimeout, maxClockSkew, logger)',
    );
  });

  it('names an option whose getter throws, with the cause', () => {
    const options = withThrowingGetter({ client: fakeRedisClient({ ready: true }) }, 'commandTimeout');
    const error = refusal(construct(options), InvalidCoordinatorOptionsError);
    expect(error.option).toBe('coordinator.commandTimeout');
    expect(error.cause).toBeInstanceOf(HostileError);
    const proxied = refusal(
      construct(trapping('get', { client: fakeRedisClient({ ready: true }) })),
      InvalidCoordinatorOptionsError,
    );
    expect(proxied.cause).toBeInstanceOf(HostileError);
  });

  it('takes valid options, and a client whose methods are inherited', () => {
    class Client {
      readonly isReady = true;
      evalSha(): Promise<unknown> {
        return Promise.resolve(null);
      }
      eval(): Promise<unknown> {
        return Promise.resolve(null);
      }
      publish(): Promise<unknown> {
        return Promise.resolve(0);
      }
      duplicate(): ReturnType<RedisClientLike['duplicate']> {
        return fakeRedisClient({ ready: true }).duplicate();
      }
      on(): void {}
      off(): void {}
    }
    const coordinator = new RedisCoordinator({
      client: new Client(),
      prefix: 'app:',
      commandTimeout: 1,
      maxClockSkew: 0,
      logger: quiet,
    });
    expect(coordinator.channel).toBe('app:commands');
  });
});

describe('the coordinator’s other refusals', () => {
  it('serves one scheduler: a second one gets CoordinatorInUseError', async () => {
    const coordinator = new RedisCoordinator({ client: fakeRedisClient({ ready: true }), logger: quiet });
    const first = new Scheduler({ coordinator, logger: new RecordingLogger() });
    refusal(() => new Scheduler({ coordinator, logger: new RecordingLogger() }), CoordinatorInUseError);
    await first.close();
  });

  it('reports a claim reply it does not understand as CoordinatorUnavailableError', async () => {
    // A batch reply: the store's time, then five fields per claim; 'odd' is no verdict.
    const reply = ['0', 'odd', '1', '', '', ''];
    const coordinator = new RedisCoordinator({
      client: fakeRedisClient({ reply, ready: true }),
      logger: quiet,
    });
    const claim = coordinator.claim([
      { key: 'k', epoch: 1, plannedAt: 0, runs: undefined, exclusive: false, leaseMs: 1, holdersVersion: 0 },
    ]);
    await rejection(claim, CoordinatorUnavailableError);
    await coordinator.close();
  });
});
