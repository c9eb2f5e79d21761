import { describe, expect, it } from 'vitest';

import { Slots } from '../../src/runners/slots.js';

describe('Slots (the queue in front of a pool)', () => {
  it('grants up to capacity at once, then in FIFO order as slots free up', async () => {
    const slots = new Slots(2);
    const never = new AbortController().signal;
    const order: string[] = [];
    await slots.acquire(never);
    expect(slots.tryAcquire()).toBe(true);
    expect(slots.tryAcquire()).toBe(false);
    const c = slots.acquire(never).then(() => order.push('c'));
    const d = slots.acquire(never).then(() => order.push('d'));
    slots.release();
    await c;
    expect(order).toEqual(['c']);
    slots.release();
    await d;
    expect(order).toEqual(['c', 'd']);
  });

  it('drops a waiter whose signal aborts, rejecting with the reason, and skips it later', async () => {
    const slots = new Slots(1);
    const never = new AbortController().signal;
    expect(slots.tryAcquire()).toBe(true);
    const impatient = new AbortController();
    const gaveUp = slots.acquire(impatient.signal);
    const patient = slots.acquire(never);
    const reason = new Error('timed out');
    impatient.abort(reason);
    await expect(gaveUp).rejects.toBe(reason);
    slots.release();
    await expect(patient).resolves.toBeUndefined();
    expect(slots.tryAcquire()).toBe(false);
  });

  it('rejects every waiter at close', async () => {
    const slots = new Slots(1);
    const never = new AbortController().signal;
    expect(slots.tryAcquire()).toBe(true);
    const waiting = [slots.acquire(never), slots.acquire(never)];
    slots.rejectWaiting(() => new Error('closed'));
    for (const waiter of waiting) await expect(waiter).rejects.toThrow('closed');
  });
});
