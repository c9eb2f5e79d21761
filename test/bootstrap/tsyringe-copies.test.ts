/**
 * Two copies of tsyringe in one process (an app whose own tsyringe is not the one crontainer
 * imports). The second copy here is real: tsyringe's installed files copied into another folder and
 * loaded from there, so it has its own container class and its own registrations, as a nested
 * `node_modules/crontainer/node_modules/tsyringe` would.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { container, type DependencyContainer } from 'tsyringe';
import { beforeAll, describe, expect, it } from 'vitest';

import { bootstrap, DuplicateTsyringeError, SchedulerError } from '../../src/index.js';
import { recordingLogger } from './helpers.js';

const root = new URL('../../', import.meta.url);
const ownCopy = fileURLToPath(new URL('node_modules/tsyringe', root));
const fixture = new URL('test/.fixtures-dist/tsyringe-copies/', root);
const secondCopy = fileURLToPath(new URL('node_modules/tsyringe', fixture));
const servicesModule = new URL('app/services.mjs', fixture);

beforeAll(() => {
  rmSync(fixture, { recursive: true, force: true });
  mkdirSync(new URL('app/', fixture), { recursive: true });
  cpSync(ownCopy, secondCopy, { recursive: true });
  // A service module of the app, next to the second copy: it decorates its class with that copy's
  // @singleton(), as compiled TypeScript does (the decorators called as functions, in order).
  writeFileSync(
    servicesModule,
    [
      `import { singleton } from 'tsyringe';`,
      `export function defineService(Scheduled) {`,
      `  class Billing { run() {} }`,
      `  const method = Object.getOwnPropertyDescriptor(Billing.prototype, 'run');`,
      `  Scheduled({ interval: '1h', key: 'billing.run' })(Billing.prototype, 'run', method);`,
      `  singleton()(Billing);`,
      `  return Billing;`,
      `}`,
      ``,
    ].join('\n'),
  );
});

describe('bootstrap with two copies of tsyringe', () => {
  it('refuses a container of the other copy, naming the option and crontainer’s copy', async () => {
    const second = createRequire(secondCopy)(secondCopy) as { container: DependencyContainer };
    expect(second.container).not.toBe(container);

    const error: unknown = await bootstrap({
      container: second.container.createChildContainer(),
      logger: recordingLogger(),
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DuplicateTsyringeError);
    expect(error).toBeInstanceOf(SchedulerError);
    const duplicate = error as DuplicateTsyringeError;
    expect(duplicate.option).toBe('container');
    expect(duplicate.crontainerCopy.path).toBe(ownCopy);
    expect(duplicate.crontainerCopy.version).toMatch(/^4\./);
    expect(duplicate.message).toContain('npm ls tsyringe');
  });

  it('accepts child containers of its own copy', async () => {
    const app = await bootstrap({
      container: container.createChildContainer().createChildContainer(),
      logger: recordingLogger(),
    });
    await app.close();
  });

  // Last: the class it defines stays decorated for the rest of this file.
  it('refuses a decorated class whose module loads the other copy, naming the class and both copies', async () => {
    const { Scheduled } = await import('../../src/index.js');
    const services = (await import(servicesModule.href)) as {
      defineService: (scheduled: typeof Scheduled) => abstract new () => unknown;
    };
    const Billing = services.defineService(Scheduled);

    const logger = recordingLogger();
    const error: unknown = await bootstrap({ logger }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DuplicateTsyringeError);
    const duplicate = error as DuplicateTsyringeError;
    expect(duplicate.className).toBe(Billing.name);
    expect(duplicate.option).toBeUndefined();
    expect(duplicate.crontainerCopy.path).toBe(ownCopy);
    expect(duplicate.otherCopy?.path).toBe(secondCopy);
    // Not the misleading "has no registration" warning that two copies used to produce.
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
