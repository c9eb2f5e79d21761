/**
 * `crontainer/testing`: deterministic tests of scheduled services. A separate entry point, so that apps
 * never load it in production.
 *
 * - `TestClock`: virtual time that moves only when the test says, and awaits the runs that fall due.
 * - `runInline` (an option of `bootstrap` and `new Scheduler`): THREAD and PROCESS runs are called in
 *   the test's process, on the instance the container resolved, with worker-like clones at the borders.
 *
 * ```ts
 * import { bootstrap } from 'crontainer';
 * import { TestClock } from 'crontainer/testing';
 *
 * const clock = new TestClock({ now: new Date('2026-01-05T08:00:00Z') });
 * const app = await bootstrap({ container, clock, runInline: true });
 * await clock.advance('1h');
 * ```
 */
export { TestClock } from './testing/test-clock.js';
export type { TestClockOptions, AdvanceReport } from './testing/test-clock.js';
export type { InlineRunSettings } from './runners/inline-runner.js';
export { TestKitError } from './errors.js';
