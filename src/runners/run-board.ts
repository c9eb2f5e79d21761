/**
 * The run board of a thread pool: a SharedArrayBuffer of 64-bit slots, one per thread (indexed by
 * `threadId` modulo the slot count), holding which thread runs which run: `threadId << 32 | runId`
 * (0 when idle). Both halves are written in one atomic store, so that two live threads that share a
 * slot (ids 4096 apart) can only hide each other's run (a kill then finds nothing), never make the
 * parent terminate the wrong thread. Each thread gets it
 * through `workerData`. It lets the parent find and terminate the thread of a run whose grace period
 * ran out, without handing piscina an abort signal for every task, which costs every dispatch.
 */

/** Slots on the board; two live threads whose ids are equal modulo this share one (see above). */
export const RUN_BOARD_SLOTS = 4096;

/** Run ids stay within Int32 (they wrap long before two runs in flight could share one). */
export const MAX_RUN_ID = 0x7fffffff;

/** What a thread pool passes as `workerData`. */
export interface RunBoardData {
  readonly runBoard: SharedArrayBuffer;
}

export function createRunBoard(): BigInt64Array {
  return new BigInt64Array(new SharedArrayBuffer(RUN_BOARD_SLOTS * BigInt64Array.BYTES_PER_ELEMENT));
}

/** The board in `workerData`, or `undefined` (a child process, or a pool without one). */
export function runBoardOf(workerData: unknown): BigInt64Array | undefined {
  const buffer: unknown =
    typeof workerData === 'object' && workerData !== null
      ? (workerData as Partial<RunBoardData>).runBoard
      : undefined;
  return buffer instanceof SharedArrayBuffer ? new BigInt64Array(buffer) : undefined;
}

function slotOf(threadId: number): number {
  return threadId % RUN_BOARD_SLOTS;
}

/** One slot's value: the thread and its run, together. */
function entry(threadId: number, runId: number): bigint {
  return (BigInt(threadId) << 32n) | BigInt(runId);
}

/** Worker side: this thread now runs `runId`. */
export function postRun(board: BigInt64Array, threadId: number, runId: number): void {
  Atomics.store(board, slotOf(threadId), entry(threadId, runId));
}

/** Worker side: this thread is done with `runId` (unless it has already moved on). */
export function clearRun(board: BigInt64Array, threadId: number, runId: number): void {
  Atomics.compareExchange(board, slotOf(threadId), entry(threadId, runId), 0n);
}

/** Parent side: whether the thread with `threadId` is running `runId`. */
export function isRunning(board: BigInt64Array, threadId: number, runId: number): boolean {
  return Atomics.load(board, slotOf(threadId)) === entry(threadId, runId);
}
