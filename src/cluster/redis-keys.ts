import { SchedulerError } from '../errors.js';

/**
 * The names of a coordinator's Redis keys. Every key of one prefix carries the same hash tag, so that
 * all of them live in one Redis Cluster slot: a script may then touch a task's state, its lease and
 * the membership set together, and claims of several tasks together, which a cluster refuses
 * (`CROSSSLOT`) for keys in different slots. The task key comes after the tag, where Redis does not
 * look for one, so that no task key (one starting with `}`, holding `{` or `}`, or empty) can move a
 * task's keys apart.
 *
 * Layout: `<prefix>{<tag>}:task:<task key>`, `<prefix>{<tag>}:members`, where `<tag>` is the
 * prefix without braces (`crontainer` for a prefix made only of braces or empty), so that apps with
 * different prefixes land in different slots.
 */
export class RedisKeys {
  readonly #head: string;

  constructor(prefix: string) {
    const tag = prefix.replace(/[{}]/g, '') || 'crontainer';
    this.#head = `${prefix}{${tag}}`;
    // A prefix whose first `{` is closed at once (`a{}b:`) makes Redis hash each whole key instead of
    // the tag, which would spread a task's keys over several slots.
    if (hashTag(this.#head) === undefined) {
      throw new SchedulerError(
        `RedisCoordinator: options.prefix must not contain an empty hash tag "{}", got ${JSON.stringify(prefix)}`,
      );
    }
  }

  /** The task's state (a hash). */
  task(key: string): string {
    return `${this.#head}:task:${key}`;
  }

  /** The membership: a sorted set of instance ids by when their lease lapses. */
  members(): string {
    return `${this.#head}:members`;
  }
}

/**
 * The part of `key` that Redis Cluster hashes when it has one: what lies between the first `{` and
 * the first `}` after it, if that is not empty (Redis's rule); `undefined` when the whole key is hashed.
 */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  return close <= open + 1 ? undefined : key.slice(open + 1, close);
}
