/** Base class of every crontainer error. `key` names the task concerned, when there is one. */
export class SchedulerError extends Error {
  /** The error's class name, e.g. `SchedulerError`; subclasses set their own. */
  override name = 'SchedulerError';
  /** The key of the task the error is about, or `undefined` for scheduler-wide errors. */
  readonly key: string | undefined;

  constructor(message: string, key?: string, options?: ErrorOptions) {
    super(message, options);
    this.key = key;
  }
}
