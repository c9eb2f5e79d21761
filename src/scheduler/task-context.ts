import type { TaskContext } from '../shared/task-context.js';

/**
 * The context the scheduler hands a run. A class, not an object literal with a `signal` getter: such a
 * literal is built through V8's slow path (an accessor pair and a closure per run), and 1,000 runs due
 * at once start from one timer callback, so what one run start costs delays the last of them.
 */
export class RunContext<App = unknown> implements TaskContext<App> {
  readonly #abort: { readonly signal: AbortSignal };

  constructor(
    readonly app: App | undefined,
    readonly key: string,
    readonly runNumber: number,
    readonly scheduledAt: Date,
    abort: { readonly signal: AbortSignal },
  ) {
    this.#abort = abort;
  }

  /** Made on first read (see `RunAbort`): most tasks never look at it. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }
}
