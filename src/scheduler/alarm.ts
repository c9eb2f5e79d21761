import type { Clock, TimerHandle } from './clock.js';

/**
 * The longest the alarm sleeps before it looks at the clock again. Long `setTimeout`s overflow at
 * 2^31−1 ms and drift across machine suspend; waking every 30 s to re-check costs nothing.
 */
export const MAX_SLEEP_MS = 30_000;

/**
 * The scheduler's one timer. It is armed for the earliest due time of the whole queue and fires
 * `onFire`, which starts whatever is due (after a capped sleep, possibly nothing) and re-arms.
 */
export class Alarm {
  readonly #clock: Clock;
  readonly #onFire: () => void;
  #timer: TimerHandle | undefined;
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
    if (this.#timer !== undefined) {
      if (due === this.#due) return;
      this.#clock.clearTimeout(this.#timer);
    }
    const delay = Math.min(Math.max(due - this.#clock.now(), 0), MAX_SLEEP_MS);
    this.#due = due;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#due = Infinity;
      this.#onFire();
    }, delay);
  }

  disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
  }
}
