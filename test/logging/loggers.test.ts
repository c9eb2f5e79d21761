/**
 * crontainer's log entries as the three loggers apps actually use print them: the real pino (JSON
 * captured from its destination stream), winston (a stream transport with the JSON format) and
 * Node's console (a `Console` on a captured stream). Each failed run must show the message, the task
 * key and the error with its stack.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';

import { pino } from 'pino';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import winston from 'winston';

import { bootstrap, Scheduled, Scheduler, type Logger } from '../../src/index.js';
import { LogAdapter, takesFieldsFirst } from '../../src/logging/log-adapter.js';
import { FakeClock } from '../scheduler/helpers.js';

/** A stream that keeps what is written to it, as text. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Every JSON line written so far. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Runs one failing ASYNC task once through a scheduler that logs to `logger`; returns the error. */
async function failOnce(logger: Logger): Promise<Error> {
  const clock = new FakeClock();
  const scheduler = new Scheduler({ clock, logger });
  const boom = new Error('disk full');
  scheduler.add(
    () => {
      throw boom;
    },
    { key: 'nightly-report', interval: 1_000, runs: 1 },
  );
  await clock.advance(0);
  await scheduler.close();
  return boom;
}

/** The first stack line below the message: a frame in this file, where the error was made. */
function firstFrame(error: Error): string {
  return (error.stack ?? '').split('\n')[1]?.trim() ?? '';
}

describe('logging a failed run', () => {
  it('on pino: the message, the key and the serialized error with its stack', async () => {
    const out = capture();
    const boom = await failOnce(pino({ base: null }, out.stream));

    const [entry, ...rest] = jsonLines(out.text());
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      level: 50,
      key: 'nightly-report',
      msg: 'crontainer: run 1 of task "nightly-report" failed',
      err: { type: 'Error', message: 'disk full' },
    });
    expect((entry?.['err'] as { stack: string }).stack).toContain(firstFrame(boom));
  });

  it('on a pino child logger, which inherits the parent pino marks', async () => {
    const out = capture();
    await failOnce(pino({ base: null }, out.stream).child({ component: 'jobs' }));

    expect(jsonLines(out.text())).toMatchObject([
      { level: 50, component: 'jobs', key: 'nightly-report', err: { message: 'disk full' } },
    ]);
  });

  it('on winston: the message with the key, the error message and its stack', async () => {
    const out = capture();
    const logger = winston.createLogger({
      format: winston.format.json(),
      // winston's typings declare its transports as interfaces extending winston-transport's class,
      // which this rule cannot tell from a structural look-alike; the object is the real transport.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      transports: [new winston.transports.Stream({ stream: out.stream })],
    });
    const boom = await failOnce(logger);

    const [entry, ...rest] = jsonLines(out.text());
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      level: 'error',
      message: 'crontainer: run 1 of task "nightly-report" failed disk full',
    });
    expect(entry?.['stack']).toBe(boom.stack);
  });

  it('on console: the message with the key, then the error with its stack', async () => {
    const out = capture();
    const boom = await failOnce(new Console({ stdout: out.stream, stderr: out.stream }));

    const text = out.text();
    expect(text).toContain('crontainer: run 1 of task "nightly-report" failed Error: disk full');
    expect(text).toContain(firstFrame(boom));
  });
});

describe('bootstrap and the adapter on pino', () => {
  it('reports skipped classes and registered tasks as pino entries with their text', async () => {
    class PinoJobs {
      @Scheduled({ interval: '1h', key: 'pino-jobs' })
      run(): void {}
    }
    class PinoForgotten {
      @Scheduled({ interval: '1h', key: 'pino-forgotten' })
      run(): void {}
    }
    const out = capture();
    const child = container.createChildContainer();
    child.registerSingleton(PinoJobs);
    const app = await bootstrap({ container: child, logger: pino({ base: null }, out.stream) });
    await app.close();

    const entries = jsonLines(out.text());
    const warning = entries.find((entry) => String(entry['msg']).includes(PinoForgotten.name));
    expect(warning).toMatchObject({ level: 40 });
    const registered = entries.find((entry) => String(entry['msg']).includes('registered'));
    expect(registered).toMatchObject({ level: 30 });
    expect(String(registered?.['msg'])).toContain('pino-jobs');
  });

  it('tells pino loggers from the others by pino’s own mark, without calling them', () => {
    expect(takesFieldsFirst(pino({ enabled: false }))).toBe(true);
    expect(takesFieldsFirst(console)).toBe(false);
    expect(takesFieldsFirst(winston.createLogger({ silent: true }))).toBe(false);
  });

  it('skips a level the logger lacks and survives one that throws', () => {
    const calls: unknown[][] = [];
    const log = new LogAdapter({
      error: (...args: unknown[]) => {
        calls.push(args);
        throw new Error('logger down');
      },
    });
    expect(() => {
      log.info('crontainer: nothing to see');
      log.error('crontainer: broken', { key: 'k', err: 'thrown text' });
    }).not.toThrow();
    // Tried once as given, once more with a plain stand-in for the error (a logger may choke on what a
    // task threw); then given up without throwing.
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(['crontainer: broken', 'thrown text']);
    expect(calls[1]?.[0]).toBe('crontainer: broken');
  });
});
