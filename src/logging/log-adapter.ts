/**
 * The one way crontainer writes to the app's logger. Loggers disagree on argument order: console and
 * winston take `(message, ...meta)`, pino takes `(fields, message)` and treats a string after the
 * message as a printf argument, so `error(message, error)` reaches pino's output without the error at
 * all. Callers here say what they mean (a message, the task key, the error) and the adapter orders it
 * for the logger it was given.
 */
import { loggableStandIn } from '../user-values.js';

/** The structured part of a log entry. */
export interface LogFields {
  /** The task the entry is about. */
  readonly key?: string | undefined;
  /** The error the entry reports (a thrown value, not necessarily an `Error`). */
  readonly err?: unknown;
}

type LogLevel = 'info' | 'warn' | 'error';

/**
 * What a logger has to have: any of the three level methods (a missing one drops its entries), each
 * called as a method so that loggers that need `this` (pino, winston) keep it.
 */
export type LoggerLike = Partial<Record<LogLevel, (...args: never[]) => unknown>>;

/**
 * pino marks its loggers, children included (they inherit it), with this registered symbol; it is
 * what tells a `(fields, message)` logger apart from a `(message, ...meta)` one without calling it.
 */
const PINO_SERIALIZERS = Symbol.for('pino.serializers');

/** Whether `logger` takes the fields object first, as pino does. */
export function takesFieldsFirst(logger: object): boolean {
  return PINO_SERIALIZERS in logger;
}

/**
 * Writes entries to one logger in the argument order it understands:
 * - pino (fields first): `logger.error({ key, err }, message)`; pino's default `err` serializer
 *   prints the error's type, message and stack.
 * - anything else (console, winston, a plain object): `logger.error(message, err)`, or `(message)`
 *   alone without an error. Console prints the error with its stack; winston appends the error's
 *   message to the entry's and copies its `stack`. The key is in every message's text as well.
 *
 * A logger that throws is ignored: it has nowhere left to report, and logging never stops a scheduler.
 */
export class LogAdapter {
  readonly #logger: LoggerLike;
  readonly #fieldsFirst: boolean;

  constructor(logger: LoggerLike) {
    this.#logger = logger;
    this.#fieldsFirst = takesFieldsFirst(logger);
  }

  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  #write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (typeof this.#logger[level] !== 'function') return;
    try {
      this.#call(level, message, fields);
    } catch {
      // A logger may choke on what a task threw (console throws on an error whose `message` getter
      // throws): it gets a plain stand-in built from what can be read. One that throws even so has
      // nowhere left to report, and logging never stops the scheduler.
      if (fields === undefined || !('err' in fields)) return;
      try {
        this.#call(level, message, { ...fields, err: loggableStandIn(fields.err) });
      } catch {
        // Ignored, as above.
      }
    }
  }

  #call(level: LogLevel, message: string, fields: LogFields | undefined): void {
    const logger = this.#logger as Partial<Record<LogLevel, (...args: unknown[]) => unknown>>;
    const write = logger[level];
    if (write === undefined) return;
    if (this.#fieldsFirst) {
      write.call(logger, fields ?? {}, message);
    } else if (fields !== undefined && 'err' in fields) {
      write.call(logger, message, fields.err);
    } else {
      write.call(logger, message);
    }
  }
}
