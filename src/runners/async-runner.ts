import { TaskTargetError } from '../errors.js';
import type { Runner, RunRequest } from './runner.js';

/** Runs in the event loop: calls the function and adopts whatever it returns. */
export class AsyncRunner implements Runner {
  run({ target, context, args }: RunRequest): Promise<unknown> {
    if (target.kind !== 'function') {
      const problem = `the ASYNC runner takes functions, not a ${target.kind} target`;
      return Promise.reject(new TaskTargetError(context.key, 'ASYNC', problem));
    }
    try {
      return Promise.resolve((target.fn as (...all: readonly unknown[]) => unknown)(context, ...args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
