import { describe, expect, it } from 'vitest';

import {
  RUN_BOARD_SLOTS,
  clearRun,
  createRunBoard,
  isRunning,
  postRun,
} from '../../src/runners/run-board.js';

describe('the run board (which thread runs which run)', () => {
  it('finds the thread of a run and forgets it when the run ends', () => {
    const board = createRunBoard();
    postRun(board, 3, 41);
    expect(isRunning(board, 3, 41)).toBe(true);
    expect(isRunning(board, 3, 42)).toBe(false);
    clearRun(board, 3, 41);
    expect(isRunning(board, 3, 41)).toBe(false);
  });

  it('never names an innocent thread that shares the slot of another', () => {
    const board = createRunBoard();
    const a = 5;
    const b = a + RUN_BOARD_SLOTS; // same slot
    postRun(board, a, 7);
    postRun(board, b, 9);
    // Killing the thread of run 9 must find b, not a (a is busy with run 7).
    expect(isRunning(board, a, 9)).toBe(false);
    expect(isRunning(board, b, 9)).toBe(true);
    // a's run ending does not erase b's entry.
    clearRun(board, a, 7);
    expect(isRunning(board, b, 9)).toBe(true);
  });
});
