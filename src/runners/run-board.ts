/**
 * The run board of a thread pool: a SharedArrayBuffer of Int32 slots, one per thread (indexed by
 * `threadId`), holding the id of the run that thread is executing (0 when idle). Each thread gets it
 * through `workerData`. It lets the parent find and terminate the thread of a run whose grace period
 * ran out, without handing piscina an abort signal for every task, which costs every dispatch.
 */

/** Slots on the board; two live threads whose ids are equal modulo this would share one. */
export const RUN_BOARD_SLOTS = 4096;

/** Run ids stay within Int32 (they wrap long before two runs in flight could share one). */
export const MAX_RUN_ID = 0x7fffffff;

/** What a thread pool passes as `workerData`. */
export interface RunBoardData {
  readonly runBoard: SharedArrayBuffer;
}

export function createRunBoard(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(RUN_BOARD_SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/** The board in `workerData`, or `undefined` (a child process, or a pool without one). */
export function runBoardOf(workerData: unknown): Int32Array | undefined {
  const buffer: unknown =
    typeof workerData === 'object' && workerData !== null
      ? (workerData as Partial<RunBoardData>).runBoard
      : undefined;
  return buffer instanceof SharedArrayBuffer ? new Int32Array(buffer) : undefined;
}

function slotOf(threadId: number): number {
  return threadId % RUN_BOARD_SLOTS;
}

/** Worker side: this thread now runs `runId`. */
export function postRun(board: Int32Array, threadId: number, runId: number): void {
  Atomics.store(board, slotOf(threadId), runId);
}

/** Worker side: this thread is done with `runId` (unless it has already moved on). */
export function clearRun(board: Int32Array, threadId: number, runId: number): void {
  Atomics.compareExchange(board, slotOf(threadId), runId, 0);
}

/** Parent side: whether the thread with `threadId` is running `runId`. */
export function isRunning(board: Int32Array, threadId: number, runId: number): boolean {
  return Atomics.load(board, slotOf(threadId)) === runId;
}
