/**
 * Code compiled without decorator metadata (tsx, esbuild, swc without `decoratorMetadata`) makes
 * tsyringe fail with a bare `TypeInfo not known for "X"`. bootstrap reports it as
 * `MissingDecoratorMetadataError`, naming the class and the fixes. These classes are decorated by
 * calling the decorators as functions, which is exactly what such compilers emit: no `design:*`
 * metadata at all.
 */
import { container, injectable } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';

import { bootstrap, MissingDecoratorMetadataError, Scheduled, SchedulerError } from '../../src/index.js';
import { recordingLogger } from './helpers.js';

afterEach(() => {
  container.reset();
});

/** What `@Scheduled(options)` on `cls.prototype[method]` compiles to without metadata. */
function decorateWithoutMetadata(cls: { prototype: object }, method: string, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, method);
  if (descriptor === undefined) throw new Error(`no method ${method}`);
  Scheduled({ interval: '1h', key })(cls.prototype, method, descriptor);
}

describe('bootstrap without decorator metadata', () => {
  it('names the class, the missing emitDecoratorMetadata and both fixes', async () => {
    class Database {}
    class Reports {
      constructor(readonly db: Database) {}
      refresh(): void {}
    }
    decorateWithoutMetadata(Reports, 'refresh', 'reports.refresh');
    injectable()(Reports);
    const child = container.createChildContainer();
    child.registerSingleton(Reports);

    const error: unknown = await bootstrap({ container: child, logger: recordingLogger() }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(MissingDecoratorMetadataError);
    expect(error).toBeInstanceOf(SchedulerError);
    const missing = error as MissingDecoratorMetadataError;
    expect(missing).toMatchObject({
      key: 'reports.refresh',
      className: 'Reports',
      dependency: 'Reports',
      option: 'emitDecoratorMetadata',
    });
    expect(missing.message).toContain('"emitDecoratorMetadata": true');
    expect(missing.message).toContain('@inject(Token)');
    expect((missing.cause as Error).message).toBe('TypeInfo not known for "Reports"');
  });

  it('names the dependency when the class has metadata but a dependency tsyringe cannot build', async () => {
    class Settings {
      constructor(readonly path: string) {}
    }
    @injectable()
    class Exporter {
      constructor(readonly settings: Settings) {}
      @Scheduled({ interval: '1h', key: 'exporter.run' })
      run(): void {}
    }
    const child = container.createChildContainer();
    child.registerSingleton(Exporter);

    const error: unknown = await bootstrap({ container: child, logger: recordingLogger() }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(MissingDecoratorMetadataError);
    expect(error).toMatchObject({ key: 'exporter.run', className: 'Exporter', dependency: 'Settings' });
    expect((error as Error).message).toContain('mark it @injectable()');
  });

  it('starts a class without metadata whose parameters are all named with @inject', async () => {
    const GREETING = Symbol('greeting');
    class Greeter {
      readonly greetings: string[] = [];
      constructor(readonly greeting: string) {}
      greet(): void {
        this.greetings.push(this.greeting);
      }
    }
    decorateWithoutMetadata(Greeter, 'greet', 'greeter.greet');
    // What `constructor(@inject(GREETING) greeting: string)` compiles to without metadata.
    Reflect.defineMetadata('injectionTokens', { 0: GREETING }, Greeter);
    injectable()(Greeter);
    const child = container.createChildContainer();
    child.register(GREETING, { useValue: 'hello' });
    child.registerSingleton(Greeter);

    const app = await bootstrap({ container: child, logger: recordingLogger() });
    expect(app.scheduler.tasks.has('greeter.greet')).toBe(true);
    expect(child.resolve(Greeter).greeting).toBe('hello');
    await app.close();
  });
});
