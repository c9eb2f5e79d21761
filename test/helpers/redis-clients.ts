/** A stand-in for a client of the `redis` package, for tests of what the coordinator does with one. */
import type { RedisClientLike } from '../../src/redis.js';

/**
 * Answers every script with `reply` and counts the listeners put on it. `ready: false` (the default)
 * is a client that is not connected: the coordinator fails its calls fast instead of sending them.
 */
export function fakeRedisClient({
  reply,
  ready = false,
}: { readonly reply?: unknown; readonly ready?: boolean } = {}): RedisClientLike & { listeners: number } {
  const answer = reply ?? null;
  const subscriber = {
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    destroy: () => undefined,
    on: () => undefined,
  };
  return {
    listeners: 0,
    isReady: ready,
    evalSha: () => Promise.resolve(answer),
    eval: () => Promise.resolve(answer),
    publish: () => Promise.resolve(0),
    duplicate: () => subscriber,
    on() {
      this.listeners += 1;
    },
    off() {
      this.listeners -= 1;
    },
  };
}
