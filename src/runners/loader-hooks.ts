/**
 * An app started from TypeScript sources (`tsx app.ts`, `node --import tsx app.ts`) has module hooks
 * that teach its main thread to load `.ts` files. Worker threads inherit the process's `execArgv`, so
 * tsx's `--import` runs in each thread too, but on the Node versions whose hooks do not reach worker
 * threads (20.x, and 22/24 before the hooks were shared) tsx then deliberately registers nothing
 * there, and importing the app's `.ts` module fails with `ERR_UNKNOWN_FILE_EXTENSION`. A child process
 * is a fresh main thread and needs nothing. So a worker thread probes whether it can load TypeScript
 * and, only if it cannot, registers the hooks of the loader the parent was started with.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

/** Flags whose value names a module of hooks or a module that registers them. */
const LOADER_FLAGS = ['--import', '--loader', '--experimental-loader'];

/** The values of the loader flags in `execArgv` (`--import x` and `--import=x` alike). */
export function loaderSpecifiers(execArgv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const arg = execArgv[i] ?? '';
    const flag = LOADER_FLAGS.find((name) => arg === name || arg.startsWith(`${name}=`));
    if (flag === undefined) continue;
    const value = arg === flag ? execArgv[(i += 1)] : arg.slice(flag.length + 1);
    if (value !== undefined && value !== '') found.push(value);
  }
  return found;
}

/**
 * Where tsx's registration API is, for a loader specifier of tsx's: the bare `tsx` (or `tsx/esm`) of
 * `node --import tsx`, resolved from the app's working directory as Node resolved it, or the file URL
 * of `tsx/dist/…` that the tsx command passes. `undefined` for any other loader.
 */
export function tsxApiOf(specifier: string, cwd = process.cwd()): string | undefined {
  const file = /^tsx(\/esm)?$/.test(specifier)
    ? createRequire(join(cwd, 'noop.js')).resolve('tsx/package.json')
    : specifier.replaceAll('\\', '/');
  const at = file.lastIndexOf('/tsx/');
  if (at === -1) return undefined;
  const root = file.slice(0, at + '/tsx/'.length);
  return new URL('dist/esm/api/index.mjs', root.startsWith('file:') ? root : pathToFileURL(root)).href;
}

/** Whether this thread loads a `.ts` module: imports a throwaway one (a unique URL, so no cache). */
async function canLoadTypeScript(): Promise<boolean> {
  const probe = join(tmpdir(), `crontainer-probe-${randomUUID()}.ts`);
  try {
    await writeFile(probe, 'export const probe: number = 1;\n');
    await import(pathToFileURL(probe).href);
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { force: true });
  }
}

/**
 * Called once per worker before the app's first module is imported. Does nothing on the main thread
 * of a child process, or when the parent runs without a TypeScript loader (the usual built app).
 */
export async function inheritLoaderHooks(execArgv: readonly string[] = process.execArgv): Promise<void> {
  if (isMainThread) return;
  const apis = loaderSpecifiers(execArgv)
    .map((specifier) => tsxApiOf(specifier))
    .filter((api) => api !== undefined);
  if (apis.length === 0 || (await canLoadTypeScript())) return;
  const tsx = (await import(apis[0] as string)) as { register(): unknown };
  tsx.register();
}
