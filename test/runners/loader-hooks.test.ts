import { describe, expect, it } from 'vitest';

import { loaderSpecifiers, tsxApiOf } from '../../src/runners/loader-hooks.js';

describe('the parent loader a worker thread inherits', () => {
  it('reads the values of --import, --loader and --experimental-loader, spaced or with =', () => {
    expect(
      loaderSpecifiers([
        '--require',
        '/x/preflight.cjs',
        '--import',
        'file:///x/tsx/dist/loader.mjs',
        '--loader=ts-node/esm',
        '--experimental-loader',
        './hooks.mjs',
        '--enable-source-maps',
        '--import',
      ]),
    ).toEqual(['file:///x/tsx/dist/loader.mjs', 'ts-node/esm', './hooks.mjs']);
  });

  it("finds tsx's registration API from the tsx command's file URL, a path, or the bare specifier", () => {
    expect(tsxApiOf('file:///app/node_modules/tsx/dist/loader.mjs')).toBe(
      'file:///app/node_modules/tsx/dist/esm/api/index.mjs',
    );
    expect(tsxApiOf('/app/node_modules/tsx/dist/esm/index.mjs')).toBe(
      'file:///app/node_modules/tsx/dist/esm/api/index.mjs',
    );
    expect(tsxApiOf('tsx')).toMatch(/\/node_modules\/tsx\/dist\/esm\/api\/index\.mjs$/);
    expect(tsxApiOf('ts-node/esm')).toBeUndefined();
    expect(tsxApiOf('file:///app/hooks.mjs')).toBeUndefined();
  });
});
