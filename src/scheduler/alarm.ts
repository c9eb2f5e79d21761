import type { Clock, TimerHandle } from './clock.js';

/**
 * The longest the alarm sleeps before it looks at the clock again, unless the clock says otherwise
 * (`Clock.maxSleep`). Long `setTimeout`s overflow at 2^31−1 ms and drift across machine suspend; waking
 * every 30 s to re-check costs nothing.
 */
export const MAX_SLEEP_MS = 30_000;

/**
 * How long before the due time the timer wakes when the clock can finish the wait in loop turns. Node
 * fires a timer on a whole millisecond of its loop time, whose grid is not `Date.now()`'s, so a timer
 * alone starts a run 0–2 ms after its due millisecond; waking 1 ms early and polling the clock once per
 * loop turn starts it within microseconds of it.
 */
const EARLY_MS = 1;

/**
 * The shortest sleep that may end in a poll. Polling busies a core for up to a millisecond per wake;
 * when due times are dense (tasks due at every millisecond) polling each wake would busy it all the
 * time. After a sleep of at least this long a poll costs at most ~1/8 of a core, whatever the timetable.
 */
const MIN_SLEEP_TO_POLL_MS = 8;

/**
 * The most a wake polls before it falls back to a timer. A poll starts only when `Date.now()` is one
 * millisecond short of the due time, so it normally ends within 1 ms; this bounds the busy loop when the
 * process is descheduled meanwhile.
 */
const MAX_POLL_MS = 1.5;

/**
 * The scheduler's one timer. It is armed for the earliest due time of the whole queue and fires
 * `onFire`, which starts whatever is due (after a capped sleep, possibly nothing) and re-arms.
 */
export class Alarm {
  readonly #clock: Clock;
  readonly #onFire: () => void;
  #timer: TimerHandle | undefined;
  /** The pending loop-turn poll of a wake that came (deliberately) early. */
  #poll: TimerHandle | undefined;
  /** The due time the timer is armed for; `Infinity` while disarmed. */
  #due = Infinity;

  constructor(clock: Clock, onFire: () => void) {
    this.#clock = clock;
    this.#onFire = onFire;
  }

  /** The due time the alarm is armed for, or `Infinity`. */
  get due(): number {
    return this.#due;
  }

  /** Arms for `due` (ms epoch), replacing an alarm set for another time. */
  arm(due: number): void {
    if (this.#timer !== undefined || this.#poll !== undefined) {
      if (due === this.#due) return;
      this.#cancel();
    }
    const longest = this.#clock.maxSleep ?? MAX_SLEEP_MS;
    const delay = Math.min(Math.max(due - this.#clock.now(), 0), longest);
    // Early only for the due time itself: a capped sleep just looks at the clock again.
    const early = delay >= MIN_SLEEP_TO_POLL_MS && delay < longest && this.#clock.canPoll?.() === true;
    this.#due = due;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        if (early) this.#wake(due);
        else this.#fire();
      },
      early ? Math.max(delay - EARLY_MS, 0) : delay,
    );
  }

  disarm(): void {
    this.#cancel();
    this.#due = Infinity;
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    if (this.#poll !== undefined) this.#clock.clearImmediate?.(this.#poll);
    this.#timer = undefined;
    this.#poll = undefined;
  }

  /** The early timer fired: fire now if `due` has come, else poll the clock until it has (bounded). */
  #wake(due: number): void {
    const left = due - this.#clock.now();
    // Due, or further ahead than the margin (the timer started from a stale loop time, or the wall
    // clock was set back): `onFire` looks, finds nothing due, and re-arms.
    if (left <= 0 || left > EARLY_MS || this.#clock.setImmediate === undefined) {
      this.#fire();
      return;
    }
    const started = this.#clock.monotonic();
    let last = started;
    const poll = (): void => {
      this.#poll = undefined;
      if (this.#clock.now() >= due) {
        this.#fire();
        return;
      }
      const now = this.#clock.monotonic();
      // A clock that does not move between loop turns (fake timers) or a poll gone on too long: wait
      // for the rest with a timer, which is what the alarm did without polling.
      if (now === last || now - started > MAX_POLL_MS) {
        this.#timer = this.#clock.setTimeout(
          () => {
            this.#timer = undefined;
            this.#fire();
          },
          Math.max(due - this.#clock.now(), 0),
        );
        return;
      }
      last = now;
      this.#poll = this.#clock.setImmediate?.(poll);
    };
    this.#poll = this.#clock.setImmediate(poll);
  }

  #fire(): void {
    this.#due = Infinity;
    this.#onFire();
  }
}
