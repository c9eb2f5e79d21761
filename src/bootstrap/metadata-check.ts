/**
 * Turns tsyringe's bare `TypeInfo not known for "X"` into an error that says what to change. tsyringe
 * learns a constructor's parameter types from the `design:paramtypes` metadata that tsc (or swc with
 * `decoratorMetadata`) emits; code built by tsx or esbuild has none, and every service with
 * constructor parameters then fails to resolve with that one line.
 */
import 'reflect-metadata';

import type { DependencyContainer, InjectionToken } from 'tsyringe';

import { scheduledMethodsOf, type Constructor } from '../decorators/metadata.js';
import { MissingDecoratorMetadataError } from '../errors.js';

/** tsyringe's wording, the same in every 4.x release; a dependency's failure is nested in its message. */
const TYPE_INFO_NOT_KNOWN = /TypeInfo not known for "([^"]*)"/;

/**
 * Whether the module of `cls` was compiled with decorator metadata: a decorated method then carries
 * `design:type`, which tsc and swc emit for every decorated member when metadata is on.
 */
function hasDecoratorMetadata(cls: Constructor): boolean {
  const prototype: unknown = cls.prototype;
  if (typeof prototype !== 'object' || prototype === null) return false;
  return scheduledMethodsOf(cls).some(
    (method) => Reflect.getMetadata('design:type', prototype, method.methodName) !== undefined,
  );
}

/**
 * `container.resolve(cls)`, with "TypeInfo not known" reported as `MissingDecoratorMetadataError`
 * (naming the class, its first task `key` and the fixes); any other error passes through unchanged.
 */
export function resolveService(container: DependencyContainer, cls: Constructor, key: string): unknown {
  try {
    return container.resolve(cls as InjectionToken<unknown>);
  } catch (error) {
    const unknown = error instanceof Error ? TYPE_INFO_NOT_KNOWN.exec(error.message) : null;
    if (unknown === null) throw error;
    throw new MissingDecoratorMetadataError(
      key,
      cls.name,
      unknown[1] ?? cls.name,
      hasDecoratorMetadata(cls),
      { cause: error },
    );
  }
}
