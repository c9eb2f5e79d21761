/**
 * The one module that reads and writes crontainer's decorator metadata. Keys are `Symbol.for` symbols
 * so that two copies of the library (a monorepo with two installs) see each other's decorations.
 */
import 'reflect-metadata';

import type { ResolvedTaskOptions, TaskOptions } from '../options/task-options.js';

/** Options of `@Scheduled`: the task options plus where workers find the class. */
export interface ScheduledOptions extends TaskOptions {
  /**
   * The module that defines the class, for THREAD and PROCESS workers, when it cannot be found by
   * itself (bundled apps): pass `import.meta.url`. @default found at decoration time
   */
  module?: string | URL | undefined;
}

/** One `@Scheduled` on one method, as recorded on the class. */
export interface ScheduledMethod {
  /** The decorated method's name. */
  readonly methodName: string;
  /** The options as given to the decorator (already validated), with `key` filled in. */
  readonly options: Readonly<ScheduledOptions> & { readonly key: string };
  /** URL of the module that defines the class, or `undefined` if it could not be found. */
  readonly moduleUrl: string | undefined;
  /**
   * The options resolved once, at decoration: bootstrap uses them as they are unless an override
   * names the task. Absent when another copy of crontainer recorded the method.
   */
  readonly resolved?: ResolvedTaskOptions;
}

export type Constructor = abstract new (...args: never[]) => unknown;

/** Metadata key for the list of `ScheduledMethod`s on a class constructor. */
export const SCHEDULED_METHODS: unique symbol = Symbol.for('crontainer.scheduledMethods') as never;

/** The registry of decorated classes: the one piece of process-wide state, shared across copies. */
const DECORATED_CLASSES: unique symbol = Symbol.for('crontainer.decoratedClasses') as never;

interface CrontainerGlobal {
  [DECORATED_CLASSES]?: Set<Constructor>;
}

/** Every class that has at least one `@Scheduled` method, in decoration order. */
export function decoratedClasses(): ReadonlySet<Constructor> {
  const holder = globalThis as CrontainerGlobal;
  return (holder[DECORATED_CLASSES] ??= new Set());
}

/** The `@Scheduled` methods declared on the class itself (inherited ones are not repeated). */
export function scheduledMethodsOf(target: unknown): readonly ScheduledMethod[] {
  if (typeof target !== 'function') return [];
  const methods: unknown = Reflect.getOwnMetadata(SCHEDULED_METHODS, target);
  return Array.isArray(methods) ? (methods as ScheduledMethod[]) : [];
}

/** Records one decorated method on its class and registers the class. */
export function recordScheduledMethod(target: Constructor, method: ScheduledMethod): void {
  Reflect.defineMetadata(SCHEDULED_METHODS, [...scheduledMethodsOf(target), method], target);
  (decoratedClasses() as Set<Constructor>).add(target);
}
