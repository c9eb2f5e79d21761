import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { WorkerBuildMissingError } from '../errors.js';

/**
 * Path of the built worker module (`worker.js`) that both pools load. Plain Node workers cannot load
 * TypeScript, so when the library itself runs from its `.ts` sources (vitest, tsx), the worker is taken
 * from the build beside them (`dist/runners/worker.js`, made by `npm run build`); from `dist/` or an
 * installed package it is the sibling file. The worker holds no state shared with the parent (only data
 * crosses, and the decorated-class registry lives on `globalThis`), so mixing the two is safe.
 */
export function workerPath(): string {
  const here = import.meta.url;
  const fromSources = here.endsWith('.ts');
  const path = fileURLToPath(new URL(fromSources ? '../../dist/runners/worker.js' : './worker.js', here));
  if (fromSources && !existsSync(path)) throw new WorkerBuildMissingError(path);
  return path;
}
