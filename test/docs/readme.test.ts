/**
 * The README cannot drift from the code: its TypeScript examples are type-checked against the
 * sources, and its options table lists exactly the options the validator knows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { OPTION_NAMES } from '../../src/options/rules.js';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** Every ```ts block of the README, in order. */
function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** The option names in the first column of the "Task options" table. */
function tableOptions(markdown: string): string[] {
  const section = markdown.split('## Task options')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `(\w+)`\s+\|/gm)].map((match) => match[1] ?? '');
}

/** The first ```ts block of the README section whose heading is `heading`. */
function sectionBlock(markdown: string, heading: string): string | undefined {
  const section = markdown.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return typescriptBlocks(section)[0];
}

describe('README', () => {
  it('runs its testing example as a test: test/docs/readme-testing.test.ts is that block, verbatim', () => {
    const mirror = readFileSync(new URL('test/docs/readme-testing.test.ts', root), 'utf8');
    const code = mirror.slice(mirror.indexOf(' */\n') + ' */\n'.length);
    expect(sectionBlock(readme, 'Testing your tasks')).toBe(code);
  });

  it('documents every task option in its options table, and no other', () => {
    expect(tableOptions(readme).sort()).toEqual([...OPTION_NAMES].sort());
  });

  it('has TypeScript examples that type-check against the sources', () => {
    const blocks = typescriptBlocks(readme);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const dir = new URL('test/.fixtures-dist/readme/', root);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((code, index) => {
      const file = `block-${index + 1}.ts`;
      // Each block is its own module (top-level await, no clashes between blocks).
      writeFileSync(new URL(file, dir), `${code}\nexport {};\n`);
      return file;
    });
    writeFileSync(
      new URL('tsconfig.json', dir),
      JSON.stringify({
        extends: '../../../tsconfig.json',
        compilerOptions: { noEmit: true, rootDir: '../../..', noUnusedLocals: false },
        include: files,
      }),
    );
    const tsc = fileURLToPath(new URL('node_modules/typescript/bin/tsc', root));
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.json', dir))], {
        encoding: 'utf8',
      });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);
});
