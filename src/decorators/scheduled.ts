/**
 * `@Scheduled`: validates and records; it never schedules. Bootstrap reads what it recorded.
 */
import {
  DuplicateTaskError,
  InvalidTaskOptionsError,
  MisplacedDecoratorError,
  describeValue,
} from '../errors.js';
import { optionOf, ownOptions, resolve } from '../options/normalize.js';
import {
  scheduledMethodsOf,
  recordScheduledMethod,
  type Constructor,
  type ScheduledOptions,
} from './metadata.js';
import { tagMethod } from '../shared/method-reference.js';
import { callerModuleUrl, toModuleUrl } from '../shared/module-url.js';

/** The one option `@Scheduled` takes beyond the task options. */
const DECORATOR_ONLY = ['module'] as const;

/** A legacy (TypeScript `experimentalDecorators`) method decorator. */
export type ScheduledDecorator = <T>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/** `Class.method`, `Class.get name`, `Class` ... for messages about a misplaced decorator. */
function describePlace(target: unknown, propertyKey: unknown): string {
  const owner = typeof target === 'function' ? target : (target as { constructor?: unknown }).constructor;
  const className = typeof owner === 'function' && owner.name !== '' ? owner.name : '(anonymous class)';
  if (propertyKey === undefined) return `class ${className}`;
  return `${className}.${typeof propertyKey === 'string' ? propertyKey : describeValue(propertyKey)}`;
}

/**
 * The decorated method's function. Every other place (class, field, getter, setter, parameter, static
 * method) is refused with a `MisplacedDecoratorError` that says where the decorator was put and why.
 */
function instanceMethod(target: unknown, propertyKey: unknown, descriptor: unknown): object {
  const place = describePlace(target, propertyKey);
  const refuse = (what: string): never => {
    throw new MisplacedDecoratorError(place, what);
  };
  if (propertyKey === undefined) return refuse('it decorates methods, not classes');
  if (typeof propertyKey === 'symbol')
    return refuse('the method needs a string name (it becomes the task key)');
  if (typeof descriptor === 'number') return refuse('it decorates methods, not parameters');
  if (typeof descriptor !== 'object' || descriptor === null)
    return refuse('it decorates methods, not fields');
  const { get, set, value } = descriptor as { get?: unknown; set?: unknown; value?: unknown };
  if (get !== undefined || set !== undefined) return refuse('it decorates methods, not getters or setters');
  if (typeof value !== 'function') return refuse('it decorates methods, not fields');
  if (typeof target === 'function') {
    return refuse(
      'static methods have no instance to run on (bootstrap resolves the class from the container)',
    );
  }
  return value;
}

/**
 * Marks a method as a scheduled task. The options are validated at once, by the same rules and with
 * the same errors as `Scheduler.add`; nothing runs until `bootstrap` resolves the class from the
 * container and registers the method bound to that instance.
 *
 * Several `@Scheduled` may decorate one method, with distinct keys. The default key is
 * `ClassName.methodName`; the same key twice on one class throws `DuplicateTaskError` here.
 *
 * @example
 * ```ts
 * @singleton()
 * class ReportService {
 *   @Scheduled({ interval: '5s' })
 *   async refresh(ctx: TaskContext) {}
 * }
 * ```
 * @throws MisplacedDecoratorError on anything but an instance method (class, field, getter, setter,
 *   static method)
 * @throws InvalidTaskOptionsError for an invalid option, naming the key and the option
 */
export function Scheduled(options: ScheduledOptions = {}): ScheduledDecorator {
  return (target, propertyKey, descriptor) => {
    const method = instanceMethod(target, propertyKey, descriptor);
    const methodName = String(propertyKey);
    const cls = target.constructor as Constructor;
    const className = cls.name;
    const own = ownOptions(options, `${className}.${methodName}`, DECORATOR_ONLY);
    const module = optionOf(own, 'module');
    const taskOptions = Object.fromEntries(Object.entries(own).filter(([name]) => name !== 'module'));
    // Resolved once, here: bootstrap uses these as they are unless an override changes the task.
    const resolved = resolve(taskOptions, `${className}.${methodName}`);
    const { key } = resolved;

    let moduleUrl: string | undefined;
    if (module === undefined) {
      moduleUrl = callerModuleUrl();
    } else {
      moduleUrl = toModuleUrl(module);
      if (moduleUrl === undefined) {
        throw InvalidTaskOptionsError.expected(
          key,
          'module',
          'a URL or an absolute path, usually import.meta.url',
          module,
        );
      }
    }

    const taken = scheduledMethodsOf(cls).find((declared) => declared.options.key === key);
    if (taken !== undefined) {
      throw new DuplicateTaskError(key, [`${className}.${taken.methodName}`, `${className}.${methodName}`]);
    }
    recordScheduledMethod(cls, {
      methodName,
      options: Object.freeze({ ...taskOptions, key }),
      moduleUrl,
      resolved,
    });
    tagMethod(method, { className, methodName, moduleUrl });
  };
}
