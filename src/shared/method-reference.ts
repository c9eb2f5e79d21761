/**
 * The identity a worker needs to rebuild a decorated method on its side: the module that defines the
 * class, the class's name and the method's name. `@Scheduled` tags the method function with it, so
 * that `scheduler.add(Service.prototype.method, { runType: 'THREAD' })` (and bootstrap) can send the
 * method to a worker instead of a closure, which could not cross.
 */
import 'reflect-metadata';

import { InvalidTaskOptionsError } from '../errors.js';

/** Metadata key on the method function (and on bootstrap's bound copies of it). */
const METHOD_REFERENCE: unique symbol = Symbol.for('crontainer.methodReference') as never;

/** Where a decorated method lives, as recorded on its function. */
export interface MethodReference {
  readonly className: string;
  readonly methodName: string;
  /** `undefined` when the defining module could not be found and no `module` option was given. */
  readonly moduleUrl: string | undefined;
}

/** Tags `fn` as the decorated method described by `reference`. */
export function tagMethod(fn: object, reference: MethodReference): void {
  Reflect.defineMetadata(METHOD_REFERENCE, reference, fn);
}

/** The reference a function was tagged with, if any. */
export function methodReferenceOf(fn: object): MethodReference | undefined {
  const reference: unknown = Reflect.getOwnMetadata(METHOD_REFERENCE, fn);
  return reference === undefined ? undefined : (reference as MethodReference);
}

/** The error for a THREAD/PROCESS method whose module is unknown: it says which option fixes it. */
export function unknownModuleError(key: string, reference: MethodReference): InvalidTaskOptionsError {
  return new InvalidTaskOptionsError(
    key,
    'module',
    undefined,
    `is needed to run ${reference.className}.${reference.methodName} in a worker: the module defining ` +
      `the class could not be found by itself; pass @Scheduled({ module: import.meta.url, ... })`,
  );
}
