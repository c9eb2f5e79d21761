import { describe, expect, it } from 'vitest';

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { firstForeignModule, toModuleUrl } from '../../src/shared/module-url.js';

const OWN = new URL('../../src/decorators/scheduled.ts', import.meta.url).href;

describe('firstForeignModule', () => {
  it('skips crontainer, reflect-metadata, decorator helpers and runtime internals (ESM frames)', () => {
    const stack = [
      'Error',
      `    at Scheduled (${OWN}:10:5)`,
      '    at DecorateProperty (file:///app/node_modules/reflect-metadata/Reflect.js:561:33)',
      '    at Reflect.decorate (file:///app/node_modules/reflect-metadata/Reflect.js:136:24)',
      '    at _ts_decorate (file:///app/node_modules/@swc/helpers/esm/_ts_decorate.js:3:9)',
      '    at file:///app/dist/services/report.js:17:1',
      '    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)',
    ].join('\n');
    expect(firstForeignModule(stack)).toBe('file:///app/dist/services/report.js');
  });

  it('reads CommonJS paths and returns them as file URLs', () => {
    const stack = [
      'Error',
      '    at __decorate (/app/node_modules/tslib/tslib.js:99:10)',
      '    at Object.<anonymous> (/app/dist/report.js:17:1)',
      '    at Module._compile (node:internal/modules/cjs/loader:1521:14)',
    ].join('\n');
    expect(firstForeignModule(stack)).toBe('file:///app/dist/report.js');
  });

  it('returns undefined when no frame is outside crontainer', () => {
    expect(firstForeignModule(`Error\n    at Scheduled (${OWN}:1:1)\n    at node:internal/x:1:1`)).toBe(
      undefined,
    );
    expect(firstForeignModule('')).toBe(undefined);
  });
});

describe('toModuleUrl', () => {
  it('accepts URLs and absolute paths, refuses relative paths', () => {
    expect(toModuleUrl(new URL('file:///a/b.js'))).toBe('file:///a/b.js');
    expect(toModuleUrl('file:///a/b.js')).toBe('file:///a/b.js');
    expect(toModuleUrl('/a/b.js')).toBe('file:///a/b.js');
    expect(toModuleUrl('./b.js')).toBe(undefined);
    expect(toModuleUrl('')).toBe(undefined);
    expect(toModuleUrl(42)).toBe(undefined);
  });
});

describe('callerModuleUrl, as the built decorator records it', () => {
  const dist = new URL('../../dist/', import.meta.url).href;

  it.each([[[]], [['--enable-source-maps']]])('names the decorating module under node %j', (flags) => {
    // Source maps rewrite printed frames from dist/ to src/; the recorded module must not change.
    const dir = mkdtempSync(join(tmpdir(), 'crontainer-module-url-')); // no node_modules around it
    try {
      const file = join(dir, 'service.mjs');
      writeFileSync(
        file,
        [
          `import { Scheduled } from '${dist}index.js';`,
          `import { scheduledMethodsOf } from '${dist}decorators/metadata.js';`,
          `class Service { tick() {} }`,
          `Scheduled({ interval: 1000 })(Service.prototype, 'tick', Object.getOwnPropertyDescriptor(Service.prototype, 'tick'));`,
          `console.log(scheduledMethodsOf(Service)[0].moduleUrl);`,
        ].join('\n'),
      );
      const printed = execFileSync(process.execPath, [...flags, file], {
        cwd: new URL('../..', import.meta.url),
        encoding: 'utf8',
      });
      expect(printed.trim()).toBe(pathToFileURL(file).href);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
