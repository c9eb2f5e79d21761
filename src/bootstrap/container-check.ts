/**
 * Refuses to start with two copies of tsyringe loaded. tsyringe keeps what `@injectable()` learns
 * (the constructor's parameter types) in a module-level map and gives no way to list it, so a second
 * copy fails late and far away: its container finds no registrations, and THREAD/PROCESS workers,
 * which resolve services through crontainer's copy, fail every run with "TypeInfo not known". Two
 * signs give it away at bootstrap: a container whose class is not crontainer's tsyringe's, and a
 * decorated class whose module resolves `tsyringe` to another file than crontainer does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { container as rootContainer, type DependencyContainer } from 'tsyringe';

import { scheduledMethodsOf, type Constructor } from '../decorators/metadata.js';
import { DuplicateTsyringeError, type PackageCopy } from '../errors.js';

/**
 * The file `tsyringe` resolves to from `from` (a file URL or path), or `undefined` where it does not
 * resolve (a bundle that inlines tsyringe, a `data:` module). Both sides are resolved the same way
 * (`require.resolve`), so they compare equal exactly when they are the same copy; symlinked installs
 * (pnpm, workspaces) resolve to their real path.
 */
function tsyringeEntry(from: string): string | undefined {
  try {
    return createRequire(from).resolve('tsyringe');
  } catch {
    return undefined;
  }
}

/** The package folder and version of the tsyringe copy whose entry file is `entry`. */
function copyOf(entry: string): PackageCopy {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'tsyringe') {
        return { path: dir, version: typeof manifest.version === 'string' ? manifest.version : undefined };
      }
    } catch {
      // No package.json here (or an unreadable one): look further up.
    }
  }
  return { path: dirname(entry), version: undefined };
}

/** A decorated class whose module resolves another tsyringe than `own`, with that copy's entry. */
function classOnOtherCopy(
  classes: Iterable<Constructor>,
  own: string,
): { cls: Constructor; entry: string } | undefined {
  // Classes of one module share the answer; resolve each module once.
  const seen = new Map<string, string | undefined>();
  for (const cls of classes) {
    for (const { moduleUrl } of scheduledMethodsOf(cls)) {
      if (moduleUrl === undefined || !moduleUrl.startsWith('file:')) continue;
      if (!seen.has(moduleUrl)) seen.set(moduleUrl, tsyringeEntry(moduleUrl));
      const entry = seen.get(moduleUrl);
      if (entry !== undefined && entry !== own) return { cls, entry };
    }
  }
  return undefined;
}

/**
 * Throws `DuplicateTsyringeError` if `container` belongs to another tsyringe copy than crontainer's,
 * or if a module that defines one of `classes` loads another copy. Does nothing when crontainer's own
 * copy cannot be located (a bundle): the container check still applies then.
 */
export function checkSingleTsyringe(container: DependencyContainer, classes: Iterable<Constructor>): void {
  const ownEntry = tsyringeEntry(import.meta.url);
  const other = ownEntry === undefined ? undefined : classOnOtherCopy(classes, ownEntry);
  // Every container of one tsyringe copy, the root and its children alike, shares one class.
  const foreignContainer = Object.getPrototypeOf(container) !== Object.getPrototypeOf(rootContainer);
  if (!foreignContainer && other === undefined) return;
  const crontainerCopy =
    ownEntry === undefined ? { path: '(bundled with crontainer)', version: undefined } : copyOf(ownEntry);
  const otherCopy = other === undefined ? undefined : copyOf(other.entry);
  throw new DuplicateTsyringeError(
    foreignContainer
      ? { option: 'container', crontainerCopy, otherCopy }
      : { className: other?.cls.name, crontainerCopy, otherCopy },
  );
}
