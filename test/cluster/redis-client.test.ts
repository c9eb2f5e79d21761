import { afterEach, describe, expect, it, vi } from 'vitest';

import { LuaScript, ScriptRunner, type RedisClientLike } from '../../src/cluster/redis-client.js';
import { CoordinatorUnavailableError } from '../../src/errors.js';

// The script runner against a hand-written client: what Redis cannot easily be made to do on demand
// (hang without dropping the connection, forget its scripts) without disturbing the shared server.
function fakeClient(overrides: Partial<RedisClientLike>): RedisClientLike {
  return {
    isReady: true,
    evalSha: () => Promise.resolve('sha-reply'),
    eval: () => Promise.resolve('eval-reply'),
    publish: () => Promise.resolve(1),
    duplicate: () => {
      throw new Error('not used');
    },
    on: () => undefined,
    off: () => undefined,
    ...overrides,
  };
}

const SCRIPT = new LuaScript('return 1');

afterEach(() => {
  vi.useRealTimers();
});

describe('ScriptRunner', () => {
  it('runs a script by its SHA-1', async () => {
    const evalSha = vi.fn(() => Promise.resolve('ok'));
    await expect(new ScriptRunner(fakeClient({ evalSha }), 1_000).run(SCRIPT, ['k'], ['a'])).resolves.toBe(
      'ok',
    );
    expect(evalSha).toHaveBeenCalledWith(SCRIPT.sha1, { keys: ['k'], arguments: ['a'] });
    expect(SCRIPT.sha1).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
  });

  it('falls back to EVAL when Redis forgot the script (NOSCRIPT)', async () => {
    const client = fakeClient({
      evalSha: () => Promise.reject(new Error('NOSCRIPT No matching script')),
      eval: vi.fn(() => Promise.resolve('loaded')),
    });
    await expect(new ScriptRunner(client, 1_000).run(SCRIPT, [], [])).resolves.toBe('loaded');
    expect(client.eval).toHaveBeenCalledWith('return 1', { keys: [], arguments: [] });
  });

  it('gives up on a Redis that does not answer within the timeout', async () => {
    vi.useFakeTimers();
    const runner = new ScriptRunner(fakeClient({ evalSha: () => new Promise(() => undefined) }), 2_000);
    const reply = runner.run(SCRIPT, [], []);
    const assertion = expect(reply).rejects.toBeInstanceOf(CoordinatorUnavailableError);
    await vi.advanceTimersByTimeAsync(2_000);
    await assertion;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails fast while the client is not connected, without queueing the command', async () => {
    const evalSha = vi.fn(() => Promise.resolve('late'));
    const runner = new ScriptRunner(fakeClient({ isReady: false, evalSha }), 2_000);
    await expect(runner.run(SCRIPT, [], [])).rejects.toBeInstanceOf(CoordinatorUnavailableError);
    await expect(runner.publish('channel', 'message')).rejects.toBeInstanceOf(CoordinatorUnavailableError);
    expect(evalSha).not.toHaveBeenCalled();
  });

  it('sends through a copy of the client without its own per-command timeout: one deadline per call', async () => {
    const evalSha = vi.fn(() => Promise.resolve('through the copy'));
    const withCommandOptions = vi.fn(() => ({ ...fakeClient({}), evalSha }));
    const runner = new ScriptRunner(fakeClient({ withCommandOptions }), 1_000);
    await expect(runner.run(SCRIPT, [], [])).resolves.toBe('through the copy');
    expect(withCommandOptions).toHaveBeenCalledWith({ timeout: 0 });
  });

  it('wraps a failed command, keeping the original as its cause', async () => {
    const original = new Error('Socket closed unexpectedly');
    const runner = new ScriptRunner(fakeClient({ evalSha: () => Promise.reject(original) }), 1_000);
    const error: unknown = await runner.run(SCRIPT, [], []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoordinatorUnavailableError);
    expect((error as Error).cause).toBe(original);
  });
});
