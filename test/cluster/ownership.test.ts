import { describe, expect, it } from 'vitest';

import { Ownership } from '../../src/cluster/ownership.js';
import { Rendezvous } from '../../src/cluster/rendezvous.js';

const MEMBERS = ['m-a', 'm-b', 'm-c', 'm-d', 'm-e'];
const KEYS = Array.from({ length: 2_000 }, (_, i) => `task-${i}`);

describe('Rendezvous', () => {
  it('spreads tasks evenly and moves only the joining member’s share when one joins', () => {
    const rendezvous = new Rendezvous();
    const before = new Map(KEYS.map((key) => [key, rendezvous.owner(key, MEMBERS.slice(0, 4))]));
    const counts = MEMBERS.slice(0, 4).map((m) => [...before.values()].filter((o) => o === m).length);
    for (const count of counts) expect(count).toBeGreaterThan(400); // 500 each, give or take
    const after = new Map(KEYS.map((key) => [key, rendezvous.owner(key, MEMBERS)]));
    const moved = KEYS.filter((key) => before.get(key) !== after.get(key));
    // Only tasks the newcomer wins move (about 1/5), and all of them move to it.
    expect(moved.every((key) => after.get(key) === 'm-e')).toBe(true);
    expect(moved.length).toBeGreaterThan(300);
    expect(moved.length).toBeLessThan(500);
  });

  it('gives the same owner whatever the order of the candidates', () => {
    const rendezvous = new Rendezvous();
    for (const key of KEYS.slice(0, 100)) {
      expect(rendezvous.owner(key, [...MEMBERS].reverse())).toBe(rendezvous.owner(key, MEMBERS));
    }
  });
});

describe('Ownership', () => {
  it('lets exactly one instance own a task when all know the same holders and members', () => {
    const views = MEMBERS.map((self) => new Ownership(self, () => undefined));
    for (const view of views) {
      view.updateMembers(MEMBERS);
      for (const key of KEYS) view.setHolders(key, { version: 1, ids: MEMBERS });
    }
    for (const key of KEYS) expect(views.filter((view) => view.owns(key))).toHaveLength(1);
  });

  it('never leaves a task without a claimant when views lag behind: the true owner always claims', () => {
    // b and c registered after a: a knows only itself as a holder, b knows a and b, c knows all three.
    const holders = ['m-a', 'm-b', 'm-c'];
    const views = holders.map((self, i) => {
      const view = new Ownership(self, () => undefined);
      view.updateMembers(holders);
      for (const key of KEYS) view.setHolders(key, { version: i + 1, ids: holders.slice(0, i + 1) });
      return view;
    });
    const rendezvous = new Rendezvous();
    for (const key of KEYS) {
      const trueOwner = holders.indexOf(rendezvous.owner(key, holders)!);
      expect(views[trueOwner]!.owns(key)).toBe(true);
    }
  });

  it('hands over the tasks of a member that left, and says which ones it gained', () => {
    const gained: string[] = [];
    const view = new Ownership('m-a', (key) => gained.push(key));
    view.updateMembers(['m-a', 'm-b']);
    for (const key of KEYS) view.setHolders(key, { version: 1, ids: ['m-a', 'm-b'] });
    const owned = KEYS.filter((key) => view.owns(key));
    expect(owned.length).toBeGreaterThan(800);
    expect(owned.length).toBeLessThan(1_200);
    view.dropMember('m-b');
    expect(KEYS.every((key) => view.owns(key))).toBe(true);
    expect(gained.sort()).toEqual(KEYS.filter((key) => !owned.includes(key)).sort());
  });
});
