/** ClusterLink against a coordinator that never answers: what must still end. */
import { describe, expect, it } from 'vitest';

import { Scheduler, SchedulerClosedError } from '../../src/index.js';
import { unreachableCoordinator } from '../helpers/coordinators.js';
import { RecordingLogger } from '../scheduler/helpers.js';
import { sleep } from './helpers.js';

const unreachable = unreachableCoordinator();

describe('a scheduler whose coordinator is unreachable', () => {
  it('rejects a pending asyncAdd with SchedulerClosedError once it is closed, instead of retrying forever', async () => {
    const scheduler = new Scheduler({ coordinator: unreachable, logger: new RecordingLogger() });
    let errors = 0;
    scheduler.on('coordinatorError', () => (errors += 1));
    let outcome = 'pending';
    let reason: unknown;
    scheduler
      .asyncAdd(() => undefined, { key: 'a', interval: 1_000 })
      .then(
        () => (outcome = 'resolved'),
        (error: unknown) => {
          outcome = 'rejected';
          reason = error;
        },
      );
    await sleep(50);
    expect(outcome).toBe('pending'); // still retrying: the registration cannot reach the store
    expect(errors).toBe(1);
    await scheduler.close();
    await sleep(20);
    // The cluster never agreed on the task: resolving would claim a registration that did not happen.
    expect(outcome).toBe('rejected');
    expect(reason).toBeInstanceOf(SchedulerClosedError);
    expect((reason as SchedulerClosedError).key).toBe('a');
    expect(errors).toBe(1); // the close itself is not reported as a store fault
    expect(scheduler.tasks.get('a')?.isActive).toBe(false);
  });
});
