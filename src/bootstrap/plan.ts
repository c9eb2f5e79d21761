/**
 * Phase one of bootstrap: everything that can fail, with no task started yet. First, with nothing
 * changed anywhere (`validateTasks`): finds the decorated classes the container knows, checks keys and
 * overrides, validates every task's final options. Then (`prepareTasks`): resolves each class once and
 * prepares what `registerResolved` will be given.
 */
import type { DependencyContainer, InjectionToken } from 'tsyringe';

import { DuplicateTaskError, InvalidTaskOptionsError } from '../errors.js';
import { decoratedClasses, scheduledMethodsOf, type Constructor } from '../decorators/metadata.js';
import { tagMethod, unknownModuleError } from '../shared/method-reference.js';
import { resolve, type OptionRecord } from '../options/normalize.js';
import type { ResolvedTaskOptions, TaskFunction } from '../options/task-options.js';
import type { RunTarget } from '../runners/runner.js';
import { toRunTarget } from '../runners/target.js';
import type { LogAdapter } from '../logging/log-adapter.js';
import { checkSingleTsyringe } from './container-check.js';
import { resolveService } from './metadata-check.js';
import { checkOverrideKeys, overriddenOptions, overrideLayers, type OverrideLayer } from './overrides.js';

/** One decorated method of one registered class, before its instance exists. */
interface FoundMethod {
  readonly cls: Constructor;
  readonly className: string;
  readonly methodName: string;
  readonly moduleUrl: string | undefined;
  readonly key: string;
  readonly decorated: OptionRecord;
  /** The decorator's options as resolved at decoration, if recorded. */
  readonly resolved: ResolvedTaskOptions | undefined;
}

/** A task ready to register: its final options, the bound function and the run target built from it. */
export interface PlannedTask {
  readonly source: TaskFunction;
  readonly options: ResolvedTaskOptions;
  readonly target: RunTarget;
}

/** The decorated classes `container` (or a parent) has a registration for; the others are reported. */
function registeredClasses(container: DependencyContainer, log: LogAdapter): Constructor[] {
  const found: Constructor[] = [];
  for (const cls of decoratedClasses()) {
    if (container.isRegistered(cls as InjectionToken<unknown>, true)) {
      found.push(cls);
    } else {
      const name = cls.name === '' ? '(anonymous class)' : cls.name;
      log.warn(
        `crontainer: ${name} has @Scheduled methods but the container has no registration for it, ` +
          `so its tasks are not scheduled; register it (container.registerSingleton(${name})) ` +
          `or mark it @singleton()`,
      );
    }
  }
  return found;
}

/** Every decorated method of the given classes; a key declared by two classes is refused. */
function decoratedMethods(classes: readonly Constructor[]): FoundMethod[] {
  const byKey = new Map<string, FoundMethod>();
  for (const cls of classes) {
    for (const method of scheduledMethodsOf(cls)) {
      const { key, ...decorated } = method.options;
      const found: FoundMethod = {
        cls,
        className: cls.name,
        methodName: method.methodName,
        moduleUrl: method.moduleUrl,
        key,
        decorated,
        resolved: method.resolved,
      };
      const taken = byKey.get(key);
      if (taken !== undefined) {
        throw new DuplicateTaskError(key, [
          `${taken.className}.${taken.methodName}`,
          `${found.className}.${found.methodName}`,
        ]);
      }
      byKey.set(key, found);
    }
  }
  return [...byKey.values()];
}

/** The instance method `methodName`, bound to `instance` and tagged for THREAD/PROCESS lookup. */
function boundMethod(instance: unknown, method: FoundMethod): TaskFunction {
  const fn: unknown =
    typeof instance === 'object' && instance !== null
      ? (instance as Record<string, unknown>)[method.methodName]
      : undefined;
  if (typeof fn !== 'function') {
    throw InvalidTaskOptionsError.expected(
      method.key,
      'fn',
      `a method "${method.methodName}" on the instance the container resolved for ${method.className}`,
      fn,
    );
  }
  const bound: TaskFunction = (fn as TaskFunction).bind(instance);
  // A bound copy carries the method's identity too, so that editing `runType` later still finds it.
  tagMethod(bound, {
    className: method.className,
    methodName: method.methodName,
    moduleUrl: method.moduleUrl,
  });
  return bound;
}

/** A decorated method whose final options are validated; its class is not resolved yet. */
export interface ValidatedTask {
  readonly method: FoundMethod;
  readonly options: ResolvedTaskOptions;
}

/**
 * Validates everything that does not need an instance, changing nothing (no class is resolved): keys
 * and overrides, then every task's final options. Throws the first error.
 */
export function validateTasks(
  container: DependencyContainer,
  overrides: OverrideLayer | undefined,
  log: LogAdapter,
): readonly ValidatedTask[] {
  // Two tsyringe copies would show up below as "no registration" warnings or "TypeInfo not known".
  checkSingleTsyringe(container, decoratedClasses());
  const methods = decoratedMethods(registeredClasses(container, log));
  const layers = overrideLayers(container, overrides);
  checkOverrideKeys(
    layers,
    methods.map((method) => method.key),
  );
  const validated = methods.map((method) => {
    const merged = overriddenOptions(method.decorated, layers, method.key);
    // Resolved once: at decoration, or here when an override changed them.
    const options =
      merged === method.decorated && method.resolved !== undefined
        ? method.resolved
        : resolve(merged, method.key);
    return { method, options };
  });
  for (const { method, options } of validated) {
    if (options.runType !== 'ASYNC' && method.moduleUrl === undefined) {
      throw unknownModuleError(method.key, method);
    }
  }
  return validated;
}

/**
 * Resolves each class once (constructors run here) and checks every run target. Throws the first
 * error; nothing has been scheduled at that point.
 */
export function prepareTasks(
  container: DependencyContainer,
  validated: readonly ValidatedTask[],
): PlannedTask[] {
  const instances = new Map<Constructor, unknown>();
  const instanceOf = (method: FoundMethod): unknown => {
    if (!instances.has(method.cls)) {
      instances.set(method.cls, resolveService(container, method.cls, method.key));
    }
    return instances.get(method.cls);
  };
  return validated.map(({ method, options }) => {
    const source = boundMethod(instanceOf(method), method);
    return { source, options, target: toRunTarget(source, options.runType, options.key) };
  });
}
