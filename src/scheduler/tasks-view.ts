import type { Task, TaskRecord } from './task.js';

/**
 * `Scheduler.tasks`: a live, read-only view of the scheduler's records as their `Task` facades. The
 * scheduler keeps one map (key → record) instead of a second one for the facades: at 100,000 tasks a
 * map costs ~35 bytes and a hash insert per task.
 */
export class TasksView implements ReadonlyMap<string, Task> {
  readonly #records: ReadonlyMap<string, TaskRecord>;

  constructor(records: ReadonlyMap<string, TaskRecord>) {
    this.#records = records;
  }

  get size(): number {
    return this.#records.size;
  }

  get(key: string): Task | undefined {
    return this.#records.get(key)?.task;
  }

  has(key: string): boolean {
    return this.#records.has(key);
  }

  keys(): MapIterator<string> {
    return this.#records.keys();
  }

  *values(): MapIterator<Task> {
    for (const record of this.#records.values()) yield record.task;
  }

  *entries(): MapIterator<[string, Task]> {
    for (const [key, record] of this.#records) yield [key, record.task];
  }

  [Symbol.iterator](): MapIterator<[string, Task]> {
    return this.entries();
  }

  forEach(
    callback: (value: Task, key: string, map: ReadonlyMap<string, Task>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, record] of this.#records) callback.call(thisArg, record.task, key, this);
  }

  get [Symbol.toStringTag](): string {
    return 'TasksView';
  }
}
