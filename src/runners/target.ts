import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

import { InvalidTaskOptionsError, describeValue } from '../errors.js';
import type { RunType } from '../options/task-options.js';
import type { RunTarget } from './runner.js';

/**
 * Finds the worker-side identity of a decorated method (`Class.method` and the module defining the
 * class). Installed by the decorators module so that this file does not depend on it.
 */
export type MethodReferenceLookup = (fn: object) => RunTarget | undefined;

let lookupMethodReference: MethodReferenceLookup = () => undefined;

/** @internal Lets the decorators module teach `add` to recognise decorated methods. */
export function setMethodReferenceLookup(lookup: MethodReferenceLookup): void {
  lookupMethodReference = lookup;
}

/** `string | URL` to a `file:` (or other absolute) URL string; relative paths are refused. */
function moduleUrl(module: unknown): string | undefined {
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module === '') return undefined;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  // Absolute URLs (file:, data:) are accepted as they are; `./job.js` would be resolved against the
  // worker's own location, which is never what the caller meant.
  return URL.canParse(module) ? module : undefined;
}

function isModuleReference(fn: unknown): fn is { module: unknown; export?: unknown } {
  return typeof fn === 'object' && fn !== null && Object.hasOwn(fn, 'module');
}

/**
 * Validates what the user passed as the task (`fn`) against the run type and turns it into a
 * `RunTarget`. A closure cannot cross into a thread or process: it says so and what to pass instead.
 */
export function toRunTarget(fn: unknown, runType: RunType, key: string): RunTarget {
  if (runType === 'ASYNC') {
    if (typeof fn !== 'function') {
      throw InvalidTaskOptionsError.expected(key, 'fn', 'a function for runType ASYNC', fn);
    }
    return { kind: 'function', fn: fn as (...args: never[]) => unknown };
  }
  if (typeof fn === 'function') {
    const method = lookupMethodReference(fn);
    if (method !== undefined) return method;
    throw new InvalidTaskOptionsError(
      key,
      'fn',
      fn,
      `cannot run as ${runType}: a closure cannot be sent to another ${runType === 'THREAD' ? 'thread' : 'process'}. ` +
        `Pass { module: new URL('./job.js', import.meta.url), export: 'name' } naming a module that exports the ` +
        `function, or a method decorated with @Scheduled`,
    );
  }
  if (isModuleReference(fn)) {
    const url = moduleUrl(fn.module);
    if (url === undefined) {
      throw new InvalidTaskOptionsError(
        key,
        'fn',
        fn.module,
        `.module must be a URL or an absolute path (e.g. new URL('./job.js', import.meta.url)), got ${describeValue(fn.module)}`,
      );
    }
    const exportName = fn.export ?? 'default';
    if (typeof exportName !== 'string' || exportName === '') {
      throw new InvalidTaskOptionsError(
        key,
        'fn',
        exportName,
        `.export must be a non-empty string, got ${describeValue(exportName)}`,
      );
    }
    return { kind: 'module', url, exportName };
  }
  throw InvalidTaskOptionsError.expected(
    key,
    'fn',
    `a module reference { module, export? } or a @Scheduled method for runType ${runType}`,
    fn,
  );
}
