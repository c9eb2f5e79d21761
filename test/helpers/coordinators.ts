/** Coordinators for tests that need one but no store: every call fails, or never answers. */
import type { Coordinator } from '../../src/index.js';

const down = (): Promise<never> => Promise.reject(new Error('store down'));
const never = (): Promise<never> => new Promise(() => undefined);
const done = (): Promise<void> => Promise.resolve();

/** A coordinator whose store cannot be reached: every call rejects. `listen` counts its calls. */
export function unreachableCoordinator(): Coordinator & { listened: number } {
  return {
    memberId: 'unreachable',
    listened: 0,
    register: down,
    restart: down,
    state: down,
    claim: down,
    heartbeat: down,
    stop: down,
    remove: down,
    complete: down,
    listen() {
      this.listened += 1;
    },
    leave: done,
    close: done,
  };
}

/** A coordinator whose store never answers a registration or a claim. `listen` counts its calls. */
export function silentCoordinator(): Coordinator & { listened: number } {
  return {
    ...unreachableCoordinator(),
    memberId: 'silent',
    register: never,
    restart: never,
    state: never,
    claim: never,
    heartbeat: never,
    stop: done,
    remove: done,
    complete: done,
  };
}
