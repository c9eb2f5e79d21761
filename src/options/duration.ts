/**
 * Strict duration strings: a number and one unit, `250ms`, `1.5s`, `10m`, `1h`, `1d`, or a bare number
 * of milliseconds (`"5000"`, as environment variables deliver it). Anything else is refused rather than
 * guessed at: `ms('5 sec')` style leniency turns typos into surprising schedules.
 */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?$/;

/** The duration in ms, or `undefined` when `text` is not a duration string. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const [, amount = '', unit = 'ms'] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}
