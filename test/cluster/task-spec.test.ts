import { describe, expect, it } from 'vitest';

import { leaseDuration, MAX_LEASE_MS, MIN_LEASE_MS, taskSpec } from '../../src/cluster/task-spec.js';
import { normalizeOptions } from '../../src/options/normalize.js';

describe('taskSpec: the options every instance must agree on', () => {
  it('compares timing options, not per-instance ones nor the proposed anchor', () => {
    const base = taskSpec(normalizeOptions({ key: 'job', interval: '5s', runs: 3 }));
    const local = taskSpec(
      normalizeOptions({ key: 'job', interval: 5_000, runs: 3, args: [1], timeout: '1s', firstRun: 1 }),
    );
    expect(local.spec).toBe(base.spec);
    expect(local.firstRun).toBe(1);
    expect(taskSpec(normalizeOptions({ key: 'job', interval: '6s', runs: 3 })).spec).not.toBe(base.spec);
    expect(taskSpec(normalizeOptions({ key: 'job', interval: '5s', runs: 4 })).spec).not.toBe(base.spec);
    expect(
      taskSpec(normalizeOptions({ key: 'job', interval: '5s', runs: 3, overlap: 'allow' })).spec,
    ).not.toBe(base.spec);
  });
});

describe('leaseDuration', () => {
  it('is half the gap to the next planned run, within bounds', () => {
    expect(leaseDuration(0, 1_000)).toBe(500);
    expect(leaseDuration(0, 50)).toBe(MIN_LEASE_MS);
    expect(leaseDuration(0, 3_600_000)).toBe(MAX_LEASE_MS);
    expect(leaseDuration(0, undefined)).toBe(MAX_LEASE_MS);
  });
});
