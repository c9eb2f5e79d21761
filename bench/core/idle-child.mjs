/**
 * Child process: registers `count` hourly tasks (first runs a day away) with one library — or, for
 * `baseline`, only one hourly setInterval — then reports the CPU time the process uses while idle for
 * `idleMs`. Usage: node --expose-gc idle-child.mjs <lib|baseline> <count> <idleMs>
 * It waits for the parent's go before the idle window, so that parallel children are all idle together.
 */
import { reportReadyAndWait, reportResult } from '../lib/child.mjs';
import { LIBRARIES } from './libraries.mjs';

const HOUR_MS = 3_600_000;
const SETTLE_MS = 500;
const [name, countText, idleText] = process.argv.slice(2);
const count = Number(countText);
const idleMs = Number(idleText);

const registration =
  name === 'baseline' ? LIBRARIES.setInterval.register(1, HOUR_MS) : LIBRARIES[name].register(count, HOUR_MS);
globalThis.gc();
// Let lazy compilation and GC bookkeeping of the registration finish before the window opens.
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
globalThis.gc();
await reportReadyAndWait();

const before = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, idleMs));
const used = process.cpuUsage(before);
await registration.close();

reportResult({ cpuMs: (used.user + used.system) / 1000 });
