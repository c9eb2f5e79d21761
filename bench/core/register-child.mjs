/**
 * Child process: registers `count` hourly tasks (none due during the measurement) with one library and
 * reports the time and the retained heap per task. Usage: node --expose-gc register-child.mjs <lib> <count>
 */
import { reportResult } from '../lib/child.mjs';
import { LIBRARIES } from './libraries.mjs';

const HOUR_MS = 3_600_000;
const [name, countText] = process.argv.slice(2);
const count = Number(countText);
const library = LIBRARIES[name];

function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const heapBefore = heapAfterGc();
const started = performance.now();
const registration = library.register(count, HOUR_MS);
const elapsed = performance.now() - started;
const heapAfter = heapAfterGc();
const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
await registration.close();

reportResult({
  usPerTask: (elapsed * 1000) / count,
  bytesPerTask: (heapAfter - heapBefore) / count,
  totalMs: elapsed,
  heapMb: (heapAfter - heapBefore) / 2 ** 20,
  timers,
});
