import { vi, type Mock } from 'vitest';

import type { Logger } from '../../src/index.js';

/** A logger that records instead of printing. */
export interface RecordingLogger extends Logger {
  info: Mock<Logger['info']>;
  warn: Mock<Logger['warn']>;
  error: Mock<Logger['error']>;
}

export function recordingLogger(): RecordingLogger {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

/** The first argument of every call of a mock, as text. */
export function messages(mock: Mock<Logger['warn']>): string[] {
  return mock.mock.calls.map(([message]) => message);
}

export const START = new Date('2026-03-02T10:00:00Z');
