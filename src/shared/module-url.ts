/**
 * Where a decorated class lives. THREAD and PROCESS workers rebuild the service in another thread or
 * process by importing the module that defines its class, so `@Scheduled` notes that module's URL
 * while the class is being defined: the decorator runs inside the module's top-level code, so the
 * first stack frame that is neither crontainer's own code nor a decorator helper is that module.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** crontainer's own source (or build) directory: frames in it are never the caller. */
const OWN_DIRECTORY = new URL('../', import.meta.url).href;

/**
 * Packages whose frames sit between a decorator and the class it decorates: `Reflect.decorate`
 * polyfills and the `__decorate` helpers of tsc (`tslib`) and swc (`@swc/helpers`).
 */
const DECORATOR_HELPERS =
  /[\\/]node_modules[\\/](?:reflect-metadata|tslib|@swc[\\/]helpers|core-js|@abraham[\\/]reflection)[\\/]/;

/** The location part of a V8 stack line: `at fn (LOCATION:line:col)` or `at LOCATION:line:col`. */
const FRAME_LOCATION = /^\s*at (?:.*? \()?(.+?):\d+:\d+\)?$/;

/** Enough frames to get past the decorator, its helpers and `Reflect.decorate`. */
const STACK_DEPTH = 30;

/** `string | URL` to an absolute URL string, or `undefined` for anything relative or malformed. */
export function toModuleUrl(module: unknown): string | undefined {
  if (typeof module === 'object' && module !== null) {
    try {
      return module instanceof URL ? module.href : undefined;
    } catch {
      return undefined; // A Proxy (around a URL or not): its traps, or the URL's brand check, threw.
    }
  }
  if (typeof module !== 'string' || module === '') return undefined;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  return URL.canParse(module) ? module : undefined;
}

/** One stack location (a path or a URL) as a module URL, or `undefined` for runtime internals. */
function frameUrl(location: string): string | undefined {
  if (location.startsWith('node:') || location.startsWith('internal/') || location === 'native') {
    return undefined;
  }
  return toModuleUrl(location);
}

/** Whether a frame belongs to crontainer itself or to a decorator helper. */
function isPlumbing(url: string): boolean {
  if (url.startsWith(OWN_DIRECTORY)) return true;
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  return DECORATOR_HELPERS.test(path);
}

/** The first location (path or URL) outside crontainer and decorator helpers, as a module URL. */
function firstForeignLocation(locations: Iterable<string>): string | undefined {
  for (const location of locations) {
    const url = frameUrl(location);
    if (url !== undefined && !isPlumbing(url)) return url;
  }
  return undefined;
}

/**
 * The URL of the first module on a printed `stack` outside crontainer and decorator helpers, or
 * `undefined`. Exported for tests; `callerModuleUrl` reads structured call sites instead.
 */
export function firstForeignModule(stack: string): string | undefined {
  const locations = stack.split('\n').flatMap((line) => FRAME_LOCATION.exec(line)?.[1] ?? []);
  return firstForeignLocation(locations);
}

/**
 * The file of each frame calling this, as V8 reports it. Read from structured call sites rather than
 * the printed stack, because `--enable-source-maps` rewrites printed frames to the TypeScript sources
 * (`src/...` instead of `dist/...`), which would hide crontainer's own frames and the caller's real
 * module.
 */
function callerLocations(): string[] {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.stackTraceLimit = STACK_DEPTH;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, callerLocations);
    return (holder.stack ?? []).flatMap((site) => site.getFileName() ?? []);
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The URL of the module whose code is calling crontainer right now (see the file comment). */
export function callerModuleUrl(): string | undefined {
  return firstForeignLocation(callerLocations());
}
