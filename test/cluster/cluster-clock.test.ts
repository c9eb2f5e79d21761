import { describe, expect, it } from 'vitest';

import { ClusterClock } from '../../src/cluster/cluster-clock.js';
import type { Clock } from '../../src/scheduler/clock.js';

/** A local clock whose wall time and monotonic time the test sets by hand. */
function localClock(): Clock & { wall: number; mono: number } {
  const clock = {
    wall: 1_000_000,
    mono: 50,
    now: () => clock.wall,
    monotonic: () => clock.mono,
    setTimeout: () => ({}),
    clearTimeout: () => undefined,
  };
  return clock;
}

describe("ClusterClock: the store's time as measured here", () => {
  it("follows the store's time from a reply, whatever the local wall clock says", () => {
    const local = localClock();
    const clock = new ClusterClock(local);
    expect(clock.now()).toBe(1_000_000);
    const sentAt = clock.mark();
    local.mono += 10; // a 10 ms round trip; the store read its clock half-way
    clock.measure(sentAt, 2_000_000);
    expect(clock.now()).toBe(2_000_005);
    local.wall += 5_000; // the machine's clock is stepped: no effect
    local.mono += 100;
    expect(clock.now()).toBe(2_000_105);
  });

  it('keeps the measurement with the shortest round trip, and never goes backwards', () => {
    const local = localClock();
    const clock = new ClusterClock(local);
    let sentAt = clock.mark();
    local.mono += 2;
    clock.measure(sentAt, 5_000);
    expect(clock.now()).toBe(5_001);
    // A slower reply (40 ms) says less about the offset: ignored while the first is fresh.
    sentAt = clock.mark();
    local.mono += 40;
    clock.measure(sentAt, 5_000);
    expect(clock.now()).toBe(5_041);
    // A quick one that puts the store 3 ms earlier: taken, but time does not step back.
    sentAt = clock.mark();
    local.mono += 1;
    clock.measure(sentAt, 5_038);
    expect(clock.now()).toBe(5_041);
    local.mono += 10;
    expect(clock.now()).toBe(5_048.5);
  });

  it('takes a new measurement once the kept one is 10 s old, whatever its round trip', () => {
    const local = localClock();
    const clock = new ClusterClock(local);
    let sentAt = clock.mark();
    local.mono += 2;
    clock.measure(sentAt, 5_000);
    local.mono += 10_000;
    sentAt = clock.mark();
    local.mono += 30;
    clock.measure(sentAt, 20_000);
    expect(clock.now()).toBe(20_015);
  });
});
