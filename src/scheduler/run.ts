import { TaskTimeoutError } from '../errors.js';
import type { Runner, RunTarget } from '../runners/runner.js';
import type { Clock, TimerHandle } from './clock.js';
import type { RunAbort } from './run-abort.js';
import type { TaskContext } from './task-context.js';

/** The longest delay `setTimeout` honours; beyond it Node fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How a run ended. */
export type RunOutcome =
  | { readonly ok: true; readonly value: unknown; readonly duration: number }
  | { readonly ok: false; readonly error: unknown; readonly duration: number };

export interface RunSpec {
  readonly runner: Runner;
  readonly target: RunTarget;
  readonly context: TaskContext;
  readonly args: readonly unknown[];
  readonly controller: RunAbort;
  readonly timeout: number | undefined;
  readonly clock: Clock;
}

/**
 * Executes one run and always settles with an outcome, never a rejection. A run ends when the task
 * settles, or when its signal is aborted (timeout or shutdown): an aborted run counts as failed at that
 * moment, whatever the task does afterwards, so a hung task cannot hold its slot forever.
 */
export function executeRun(spec: RunSpec): Promise<RunOutcome> {
  const { clock, controller, timeout, context } = spec;
  const started = clock.monotonic();
  const elapsed = (): number => clock.monotonic() - started;

  return new Promise<RunOutcome>((resolve) => {
    let settled = false;
    let timer: TimerHandle | undefined;
    // A timeout beyond setTimeout's limit is waited for in steps, each measuring what is left.
    const armTimeout = (limit: number): void => {
      const left = limit - elapsed();
      const capped = left > MAX_TIMER_MS;
      timer = clock.setTimeout(
        () => {
          if (capped) armTimeout(limit);
          else controller.abort(new TaskTimeoutError(context.key, limit));
        },
        capped ? MAX_TIMER_MS : left,
      );
    };
    if (timeout !== undefined) armTimeout(timeout);
    const finish = (outcome: RunOutcome): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      controller.onAbort(undefined);
      resolve(outcome);
    };
    const onAbort = (): void => {
      finish({ ok: false, error: controller.reason, duration: elapsed() });
    };
    controller.onAbort(onAbort);

    spec.runner.run({ target: spec.target, context, args: spec.args }).then(
      (value: unknown) => {
        finish({ ok: true, value, duration: elapsed() });
      },
      (error: unknown) => {
        finish({ ok: false, error, duration: elapsed() });
      },
    );
  });
}
