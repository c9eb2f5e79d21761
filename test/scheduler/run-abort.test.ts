import { describe, expect, it } from 'vitest';

import { RunAbort } from '../../src/scheduler/run-abort.js';

describe('RunAbort (a run signal made only when read)', () => {
  it('gives an already-aborted signal with the reason when it is read after the abort', () => {
    const abort = new RunAbort();
    const reason = new Error('late');
    abort.abort(reason);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  it('aborts a signal read before the abort, calls the scheduler listener first and only once', () => {
    const abort = new RunAbort();
    const order: string[] = [];
    abort.signal.addEventListener('abort', () => order.push('signal'));
    abort.onAbort(() => order.push('scheduler'));
    abort.abort('first');
    abort.abort('second');
    expect(order).toEqual(['scheduler', 'signal']);
    expect(abort.reason).toBe('first');
    expect(abort.signal.reason).toBe('first');
  });

  it('does not call a listener that was cleared', () => {
    const abort = new RunAbort();
    let called = false;
    abort.onAbort(() => (called = true));
    abort.onAbort(undefined);
    abort.abort('x');
    expect(called).toBe(false);
    expect(abort.aborted).toBe(true);
  });
});
