/** The strict duration parser behind `interval` and `timeout` (SPEC "Task options"). */
import { describe, expect, it } from 'vitest';

import { parseDuration } from '../../src/options/duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['5000', 5_000],
    [' 5s ', 5_000],
    ['0', 0], // refused later by the rule (> 0), not by the parser
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    'ms',
    '5x',
    '-5s',
    '+5s',
    '5 seconds',
    '5sec',
    '1e3',
    '5s5',
    '1h30m',
    '5S',
    'Infinity',
    'NaN',
  ])('refuses %o', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
