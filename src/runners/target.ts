import { InvalidTaskOptionsError, describeValue } from '../errors.js';
import { methodReferenceOf, unknownModuleError } from '../shared/method-reference.js';
import { toModuleUrl } from '../shared/module-url.js';
import { readOwnRecord } from '../options/own-properties.js';
import type { RunType } from '../options/task-options.js';
import type { RunTarget } from './runner.js';

/** The fields a module reference may have. */
const REFERENCE_FIELDS: readonly string[] = ['module', 'export'];

/** An object's own fields, read safely: a getter or Proxy trap that throws names the task function. */
function referenceFields(fn: object, runType: RunType, key: string): ReadonlyMap<string, unknown> {
  return readOwnRecord(fn, (failure) => {
    throw failure.kind === 'unreadable'
      ? InvalidTaskOptionsError.unreadable(key, 'fn', failure.cause)
      : notATarget(fn, runType, key);
  });
}

function notATarget(fn: unknown, runType: RunType, key: string): InvalidTaskOptionsError {
  return InvalidTaskOptionsError.expected(
    key,
    'fn',
    `a module reference { module, export? } or a @Scheduled method for runType ${runType}`,
    fn,
  );
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
    const method = methodRunTarget(fn, key);
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
  const fields = typeof fn === 'object' && fn !== null ? referenceFields(fn, runType, key) : undefined;
  if (fields?.has('module') === true) {
    for (const [name, value] of fields) {
      if (!REFERENCE_FIELDS.includes(name)) {
        throw new InvalidTaskOptionsError(
          key,
          'fn',
          value,
          `.${name} is not a field of a module reference (known: ${REFERENCE_FIELDS.join(', ')})`,
        );
      }
    }
    const module = fields.get('module');
    const url = toModuleUrl(module);
    if (url === undefined) {
      throw new InvalidTaskOptionsError(
        key,
        'fn',
        module,
        `.module must be a URL or an absolute path (e.g. new URL('./job.js', import.meta.url)), got ${describeValue(module)}`,
      );
    }
    const exportName = fields.get('export') ?? 'default';
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
  throw notATarget(fn, runType, key);
}

/**
 * The worker-side target of a tagged method, for `toRunTarget`. A tagged method without a module URL
 * cannot run in a worker: that is reported as its own error rather than as "a closure cannot cross".
 */
function methodRunTarget(fn: object, key?: string): RunTarget | undefined {
  const reference = methodReferenceOf(fn);
  if (reference === undefined) return undefined;
  if (reference.moduleUrl === undefined) {
    throw unknownModuleError(key ?? `${reference.className}.${reference.methodName}`, reference);
  }
  return {
    kind: 'service-method',
    url: reference.moduleUrl,
    className: reference.className,
    methodName: reference.methodName,
    fn: fn as (...args: never[]) => unknown,
  };
}
