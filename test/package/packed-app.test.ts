/**
 * crontainer as a user gets it: `npm pack`, the tarball installed into a fresh app beside the app's
 * own tsyringe, reflect-metadata and pino, the app compiled by a TypeScript 5 consumer with
 * `skipLibCheck: false`, then run until every kind of run has succeeded and the failing task's error
 * is in pino's output, then stopped with SIGTERM. Once per supported edge of the peer ranges, with the
 * worker classes in their own module (./app/), and once as a one-file app (./app-one-file/).
 *
 * Needs the npm registry (or a warm npm cache: installs use --prefer-offline). About 15 s a variant.
 */
import { execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Each variant: the app's sources (a folder beside this file) and the peer versions it installs.
 * Bump the highest when tsyringe or reflect-metadata release.
 */
const VARIANTS = [
  {
    name: 'the tsyringe an app already had (4.8.0)',
    app: 'app',
    tsyringe: '4.8.0',
    reflectMetadata: '0.2.2',
  },
  { name: 'the lowest supported peers', app: 'app', tsyringe: '4.0.0', reflectMetadata: '0.1.0' },
  { name: 'the highest supported peers', app: 'app', tsyringe: '4.10.0', reflectMetadata: '0.2.2' },
  // Workers import the entry module itself, whose bootstrap() must start nothing there.
  { name: 'a one-file app', app: 'app-one-file', tsyringe: '4.8.0', reflectMetadata: '0.2.2' },
] as const;

/** What a consumer's tsconfig needs, as the README says; `skipLibCheck: false` checks our .d.ts. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: ['node'],
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: false,
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
};

/**
 * The environment for the nested npm and node processes: without what `npm test` exported for this
 * package (`npm_config_local_prefix` would point the install back at this repository), but with the
 * user's npm cache and configuration.
 */
const childEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !name.startsWith('npm_') ||
      [
        'npm_config_cache',
        'npm_config_userconfig',
        'npm_config_globalconfig',
        'npm_config_registry',
      ].includes(name),
  ),
);

let work: string;
let tarball: string;
let tsc: string;

async function npm(cwd: string, args: readonly string[]): Promise<void> {
  await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: childEnv,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The compiler's diagnostics for `project`, or '' when it compiles. */
async function compile(project: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, '-p', project], { env: childEnv });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

/** Every installed copy of `name` below `nodeModules`, nested ones included. */
function copiesOf(name: string, nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    const dirs = entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map((scoped) => join(nodeModules, entry, scoped))
      : [join(nodeModules, entry)];
    for (const dir of dirs) {
      if (dir.endsWith(`/${name}`)) found.push(dir);
      found.push(...copiesOf(name, join(dir, 'node_modules')));
    }
  }
  return found;
}

function version(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** pino's JSON lines from the app, read as they come. */
interface Entry {
  readonly level?: number;
  readonly msg?: string;
  readonly key?: string;
  readonly err?: { readonly message?: string; readonly stack?: string };
  readonly tasks?: readonly { readonly key: string; readonly interval?: number }[];
  readonly sameJobs?: boolean;
}

/**
 * Starts the compiled app; once `done(entries)` holds, sends SIGTERM and resolves, after the exit,
 * with the entries, the exit code and stderr. An error entry for any task but `explode` (a worker
 * run failing, say) ends the app at once and rejects with that entry, as does an early exit.
 */
function startApp(
  cwd: string,
  done: (entries: readonly Entry[]) => boolean,
): Promise<{ entries: Entry[]; exitCode: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd, env: childEnv });
    const entries: Entry[] = [];
    let pending = '';
    let stderr = '';
    let outcome: 'running' | 'done' | Error = 'running';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') entries.push(JSON.parse(line) as Entry);
      if (outcome !== 'running') return;
      const unexpected = entries.find((entry) => (entry.level ?? 0) >= 50 && entry.key !== 'explode');
      if (unexpected !== undefined) outcome = new Error(`the app logged ${JSON.stringify(unexpected)}`);
      else if (done(entries)) outcome = 'done';
      if (outcome !== 'running') child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      if (outcome === 'done') resolve({ entries, exitCode, stderr });
      else if (outcome instanceof Error) reject(outcome);
      else reject(new Error(`the app ended (code ${String(exitCode)}) early:\n${stderr}`));
    });
  });
}

const successes = (entries: readonly Entry[], key: string): number =>
  entries.filter((entry) => entry.msg === 'app: run succeeded' && entry.key === key).length;

const failure = (entries: readonly Entry[]): Entry | undefined =>
  entries.find((entry) => entry.level === 50 && entry.key === 'explode');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'crontainer-packed-'));
  // `prepack` builds first, so the tarball holds exactly what this tree would publish.
  await npm(repo, ['pack', '--pack-destination', work]);
  const packed = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (packed === undefined) throw new Error('npm pack made no tarball');
  tarball = join(work, packed);
  // One TypeScript 5 for every variant: a consumer's compiler, not this repository's.
  const tools = join(work, 'tools');
  mkdirSync(tools);
  writeFileSync(join(tools, 'package.json'), JSON.stringify({ private: true }));
  await npm(tools, ['install', '--prefer-offline', 'typescript@5']);
  tsc = join(tools, 'node_modules/typescript/bin/tsc');
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.each(VARIANTS)('the packed package in an app with $name', (variant) => {
  let app: string;

  beforeAll(async () => {
    app = join(work, `${variant.app}-${variant.tsyringe}`);
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'first-hour',
        private: true,
        type: 'module',
        dependencies: {
          crontainer: `file:${tarball}`,
          tsyringe: variant.tsyringe,
          'reflect-metadata': variant.reflectMetadata,
          pino: '^10.0.0',
          '@types/node': '^20.19.0',
        },
      }),
    );
    cpSync(fileURLToPath(new URL(`${variant.app}/`, import.meta.url)), join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    await npm(app, ['install', '--prefer-offline']);
  }, 180_000);

  it('installs one tsyringe, the app’s, and ships self-contained source maps', () => {
    const nodeModules = join(app, 'node_modules');
    expect(copiesOf('tsyringe', nodeModules)).toEqual([join(nodeModules, 'tsyringe')]);
    expect(existsSync(join(nodeModules, 'crontainer/node_modules/tsyringe'))).toBe(false);
    expect(version(join(nodeModules, 'tsyringe'))).toBe(variant.tsyringe);
    expect(copiesOf('reflect-metadata', nodeModules)).toEqual([join(nodeModules, 'reflect-metadata')]);

    const installed = join(nodeModules, 'crontainer');
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
    expect(existsSync(join(installed, 'CHANGELOG.md'))).toBe(true);
    const maps = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.js.map'),
    );
    expect(maps.length).toBeGreaterThan(10);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(installed, 'dist', file), 'utf8')) as {
        sources: string[];
        sourcesContent?: unknown[];
      };
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(map.sourcesContent?.every((content) => typeof content === 'string')).toBe(true);
    }
  });

  it('compiles with TypeScript 5 and skipLibCheck: false', async () => {
    expect(await compile(join(app, 'tsconfig.json'))).toBe('');
  }, 60_000);

  it('runs ASYNC, THREAD and PROCESS tasks, logs the failure with its stack on pino, exits 0 on SIGTERM', async () => {
    const { entries, exitCode, stderr } = await startApp(
      app,
      (seen) =>
        successes(seen, 'greet') >= 2 &&
        successes(seen, 'thread-primes') >= 1 &&
        successes(seen, 'process-primes') >= 1 &&
        failure(seen) !== undefined,
    );

    // Workers import the classes' modules, never the app's bootstrap: one scheduler, started once.
    expect(
      entries.filter((entry) => entry.msg?.startsWith('crontainer: 4 scheduled task(s) registered')),
    ).toHaveLength(1);
    const started = entries.find((entry) => entry.msg === 'app: started');
    expect(started?.sameJobs).toBe(true);
    expect(started?.tasks).toContainEqual({ key: 'greet', interval: 100 });
    const failed = failure(entries);
    expect(failed?.msg).toBe('crontainer: run 1 of task "explode" failed');
    expect(failed?.err?.message).toBe('the disk is full');
    expect(failed?.err?.stack).toMatch(/at Jobs\.explode \(file:\/\/.*\/dist\/main\.js:\d+:\d+\)/);
    // No run failed but the one meant to: a second tsyringe copy fails every worker run.
    expect(entries.filter((entry) => entry.level === 50)).toHaveLength(1);
    expect(exitCode).toBe(0);
    expect(entries.some((entry) => entry.msg === 'crontainer: SIGTERM received, closing gracefully')).toBe(
      true,
    );
    expect(stderr).toBe('');
  }, 60_000);
});

describe('the packed package in an app built without decorator metadata', () => {
  it('fails at bootstrap with MissingDecoratorMetadataError naming the class and the fixes', async () => {
    const app = join(work, `${VARIANTS[0].app}-${VARIANTS[0].tsyringe}`);
    const tsconfig = join(app, 'tsconfig.no-metadata.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        ...CONSUMER_TSCONFIG,
        // The types were checked above; this build differs only in what it emits.
        compilerOptions: {
          ...CONSUMER_TSCONFIG.compilerOptions,
          emitDecoratorMetadata: false,
          skipLibCheck: true,
        },
      }),
    );
    expect(await compile(tsconfig)).toBe('');

    const outcome = await run(process.execPath, ['dist/main.js'], { cwd: app, env: childEnv }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );

    expect(outcome).toHaveProperty('code', 1);
    const { stderr } = outcome as { stderr: string };
    expect(stderr).toContain(
      'MissingDecoratorMetadataError: Task "thread-primes": tsyringe cannot construct Crunch',
    );
    expect(stderr).toContain('"emitDecoratorMetadata": true');
    expect(stderr).toContain('@inject(Token)');
  }, 60_000);
});

describe('the packed one-file app run from its TypeScript source with tsx', () => {
  it('fails at bootstrap with MissingDecoratorMetadataError (tsx emits no decorator metadata)', async () => {
    const one = VARIANTS.find((variant) => variant.app === 'app-one-file');
    if (one === undefined) throw new Error('the one-file variant is gone');
    const app = join(work, `${one.app}-${one.tsyringe}`);
    await npm(app, ['install', '--prefer-offline', '--no-save', 'tsx@^4']);

    // The same file the compiled variant runs: its services take constructor parameters, which tsx
    // (esbuild) cannot describe to tsyringe, so bootstrap must say so and name the fixes.
    const outcome = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: app,
      env: childEnv,
    }).catch((error: unknown) => error as { code: number; stderr: string });

    expect(outcome).toHaveProperty('code', 1);
    const { stderr } = outcome as { stderr: string };
    expect(stderr).toMatch(/MissingDecoratorMetadataError: Task "[\w-]+": tsyringe cannot construct \w+/);
    expect(stderr).toContain('"emitDecoratorMetadata": true');
    expect(stderr).toContain('@inject(Token)');
  }, 120_000);
});
