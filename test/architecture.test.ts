import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

// The folder dependencies ARCHITECTURE.md asks for, read from the sources' import statements: a piece
// two folders share lives in a neutral one (src/shared/), not in one of them.
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Folder → the folders its files import from (relative imports only). */
function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, dirname(file)) || '.';
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = relative(SRC, dirname(join(dirname(file), match[1]!))) || '.';
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

describe('folder dependencies', () => {
  const graph = folderImports();

  // runners/ reads the decorators' metadata (a worker rebuilds the decorated service), one way only.
  it.each([
    ['options', 'scheduler'],
    ['decorators', 'runners'],
    ['shared', 'scheduler'],
    ['shared', 'runners'],
    ['shared', 'decorators'],
    ['shared', 'options'],
  ])('%s/ does not import from %s/', (from, to) => {
    expect([...(graph.get(from) ?? [])]).not.toContain(to);
  });
});
