/**
 * Phase one of bootstrap: everything that can fail, with no task started yet. Finds the decorated
 * classes the container knows, checks keys and overrides, validates every task's final options,
 * resolves each class once and prepares what `registerResolved` will be given.
 */
import type { DependencyContainer, InjectionToken } from 'tsyringe';

import { DuplicateTaskError, InvalidTaskOptionsError } from '../errors.js';
import { decoratedClasses, scheduledMethodsOf, type Constructor } from '../decorators/metadata.js';
import { tagMethod, unknownModuleError } from '../shared/method-reference.js';
import { resolve } from '../options/normalize.js';
import type { ResolvedTaskOptions, TaskFunction } from '../options/task-options.js';
import type { RunTarget } from '../runners/runner.js';
import { toRunTarget } from '../runners/target.js';
import type { Logger } from './logger.js';
import { checkOverrideKeys, overriddenOptions, overrideLayers, type OptionRecord } from './overrides.js';

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
function registeredClasses(container: DependencyContainer, logger: Logger): Constructor[] {
  const found: Constructor[] = [];
  for (const cls of decoratedClasses()) {
    if (container.isRegistered(cls as InjectionToken<unknown>, true)) {
      found.push(cls);
    } else {
      const name = cls.name === '' ? '(anonymous class)' : cls.name;
      logger.warn(
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

/**
 * Validates and resolves everything bootstrap will register, in an order that fails before side
 * effects: keys and overrides, then every task's options, then the instances (constructors run),
 * then the run targets. Throws the first error; nothing has been scheduled at that point.
 */
export function planTasks(container: DependencyContainer, overrides: unknown, logger: Logger): PlannedTask[] {
  const methods = decoratedMethods(registeredClasses(container, logger));
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

  const instances = new Map<Constructor, unknown>();
  const instanceOf = (cls: Constructor): unknown => {
    if (!instances.has(cls)) instances.set(cls, container.resolve(cls as InjectionToken<unknown>));
    return instances.get(cls);
  };
  return validated.map(({ method, options }) => {
    const source = boundMethod(instanceOf(method.cls), method);
    return { source, options, target: toRunTarget(source, options.runType, options.key) };
  });
}
