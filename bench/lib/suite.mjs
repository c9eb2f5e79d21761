/** What the core suites share: where the child scripts are, and repeating a measurement. */
import { fileURLToPath } from 'node:url';

import { medianOfResults } from './stats.mjs';

/** Repetitions per measurement; the tables show the median. BENCH_RUNS overrides it. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Absolute path of a script under bench/core/. */
export function coreScript(name) {
  return fileURLToPath(new URL(`../core/${name}`, import.meta.url));
}

/**
 * Runs `measure(library)` RUNS times for every library, interleaving the libraries (A B C A B C …) so
 * that a noisy moment on the machine does not land on one library only; returns medians by library.
 */
export async function medianByLibrary(libraries, measure) {
  const results = Object.fromEntries(libraries.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const name of libraries) results[name].push(await measure(name));
  }
  return Object.fromEntries(libraries.map((name) => [name, medianOfResults(results[name])]));
}

/** Pivots `{ lib: { field } }` into a table row's `{ lib: value }` for one field. */
export function column(byLibrary, field) {
  return Object.fromEntries(Object.entries(byLibrary).map(([name, result]) => [name, result[field]]));
}

/** "met" / "missed" for a target line; targets are reported, never asserted. */
export function verdict(met) {
  return met ? 'met' : 'MISSED';
}
