/**
 * Hostile values for the property test, generated as recipes: plain data that fast-check can shrink
 * and print safely, turned into fresh values (getters that throw, proxies with a throwing trap,
 * revoked proxies, odd prototypes, huge and sparse arrays) only inside each run.
 */
import fc from 'fast-check';

import { OPTION_NAMES } from '../../src/options/rules.js';
import { HostileError, PROXY_TRAPS, revoked, trapping, type ProxyTrap } from './hostile.js';

/** Every name some entry point reads, so generated objects often hit a real rule. */
const NAMES: readonly string[] = [
  ...OPTION_NAMES,
  'module',
  'export',
  'clock',
  'app',
  'workers',
  'coordinator',
  'logger',
  'container',
  'overrides',
  'handleSignals',
  'threads',
  'processes',
  'min',
  'max',
  'resourceLimits',
  'entry',
  'idleTimeout',
  'abortGrace',
  'maxOldGenerationSizeMb',
  'maxYoungGenerationSizeMb',
  'codeRangeSizeMb',
  'stackSizeMb',
  'abort',
  'client',
  'prefix',
  'commandTimeout',
  'maxClockSkew',
  'now',
  'monotonic',
  'setTimeout',
  'clearTimeout',
  'setImmediate',
  'clearImmediate',
  'canPoll',
  'info',
  'warn',
  'error',
  'register',
  'listen',
  'close',
  'claim',
  'isRegistered',
  'resolve',
  'resolveAll',
];

/** Values that are hard to make from data, named; built fresh by `build`. */
const SPECIALS = [
  'function',
  'date',
  'invalid date',
  'proxied date',
  'fake date',
  'url',
  'proxied url',
  'revoked proxy',
  'array of 2^32-1 holes',
  'array of 65537 holes',
  'null-prototype object',
] as const;

type Special = (typeof SPECIALS)[number];

type Primitive = string | number | boolean | bigint | null | undefined;

/** How to build one value. */
export type Recipe =
  | { readonly leaf: Primitive }
  | { readonly special: Special }
  | {
      readonly entries: readonly (readonly [string, Recipe])[];
      /** Where the object inherits from. */
      readonly proto: 'object' | 'null' | 'date' | 'array' | 'with known names';
      /** A name (given or not) whose getter throws. */
      readonly throwingGetter: string | undefined;
      /** A trap of a Proxy around the object, which throws. */
      readonly trap: ProxyTrap | undefined;
    }
  | {
      readonly items: readonly Recipe[];
      readonly sparse: boolean;
      readonly throwingIndex: number | undefined;
      readonly trap: ProxyTrap | undefined;
    };

const primitive: fc.Arbitrary<Primitive> = fc.oneof(
  fc.constantFrom<Primitive>(
    undefined,
    null,
    true,
    false,
    0,
    -1,
    1,
    0.5,
    7,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 31,
    1e16,
    '',
    '  ',
    '5s',
    '250ms',
    '* * * * *',
    'Europe/Berlin',
    'THREAD',
    'PROCESS',
    'ASYNC',
    'skip',
    'allow',
    'file:///srv/app/job.js',
    './relative.js',
    'k',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.bigInt({ min: -5n, max: 5n }),
);

/** Names for generated objects: mostly `names` (an entry point's own), sometimes any known name or noise. */
function nameFrom(names: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.constantFrom(...NAMES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  );
}

/** `arbitrary` one time in five, else `undefined`: most objects read cleanly, so rules deeper in get tried. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

const trap: fc.Arbitrary<ProxyTrap | undefined> = sometimes(fc.constantFrom(...PROXY_TRAPS));

/** Recipes of values up to a small depth, whose objects mostly use `names`. */
export function recipeOf(names: readonly string[] = NAMES): fc.Arbitrary<Recipe> {
  const name = nameFrom(names);
  return fc.letrec<{ value: Recipe }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: primitive.map((leaf): Recipe => ({ leaf })) },
      { weight: 1, arbitrary: fc.constantFrom(...SPECIALS).map((special): Recipe => ({ special })) },
      {
        weight: 3,
        arbitrary: fc.record({
          entries: fc.array(fc.tuple(name, tie('value')), { maxLength: 4 }),
          proto: fc.constantFrom('object', 'object', 'object', 'null', 'date', 'array', 'with known names'),
          throwingGetter: sometimes(name),
          trap,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          items: fc.array(tie('value'), { maxLength: 3 }),
          sparse: fc.boolean(),
          throwingIndex: sometimes(fc.nat({ max: 3 })),
          trap,
        }),
      },
    ),
  })).value;
}

/** Any value. */
export const recipe: fc.Arbitrary<Recipe> = recipeOf();

/**
 * An options object for an entry point whose settings are `names`; objects nested in it mostly use
 * `nested` (the names of the settings' own fields), so rules below the top level get tried too.
 */
export function optionsRecipe(
  names: readonly string[],
  nested: readonly string[] = names,
): fc.Arbitrary<Recipe> {
  const name = nameFrom(names);
  return fc.record({
    entries: fc.array(fc.tuple(name, recipeOf(nested)), { maxLength: 4 }),
    proto: fc.constantFrom('object', 'object', 'object', 'object', 'null', 'date', 'with known names'),
    throwingGetter: sometimes(name),
    trap,
  });
}

/** Whether an object recipe gives `key` (so a test does not put its own value there). */
export function gives(made: Recipe, key: string): boolean {
  return 'entries' in made && (made.entries.some(([given]) => given === key) || made.throwingGetter === key);
}

const noop = (): void => undefined;

function special(kind: Special): unknown {
  switch (kind) {
    case 'function':
      return noop;
    case 'date':
      return new Date(0);
    case 'invalid date':
      return new Date(Number.NaN);
    case 'proxied date':
      return new Proxy(new Date(0), {});
    case 'fake date':
      return Object.create(Date.prototype);
    case 'url':
      return new URL('file:///srv/app/job.js');
    case 'proxied url':
      return new Proxy(new URL('file:///srv/app/job.js'), {});
    case 'revoked proxy':
      return revoked();
    case 'array of 2^32-1 holes':
      return new Array(2 ** 32 - 1);
    case 'array of 65537 holes':
      return new Array(65_537);
    case 'null-prototype object':
      return Object.create(null);
  }
}

const PROTOTYPES = {
  object: Object.prototype,
  null: null,
  date: Date.prototype,
  array: Array.prototype,
  // Inherited bad values under real names: must never be read.
  'with known names': { interval: -1, enabled: 'no', timeout: Number.NaN, max: 0, logger: 5, abort: 'x' },
} as const;

function throwOnRead(target: object, key: string): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      throw new HostileError(`getter of ${key}`);
    },
  });
}

/** A fresh value from `made`; `extras` become own properties of an object recipe first. */
export function build(made: Recipe, extras: Readonly<Record<string, unknown>> = {}): unknown {
  if ('leaf' in made) return made.leaf;
  if ('special' in made) return special(made.special);
  if ('items' in made) {
    const array: unknown[] = made.items.map((item) => build(item));
    if (made.sparse) array.length += 2;
    if (made.throwingIndex !== undefined) throwOnRead(array, String(made.throwingIndex));
    return made.trap === undefined ? array : trapping(made.trap, array);
  }
  const object = Object.create(PROTOTYPES[made.proto]) as Record<string, unknown>;
  Object.assign(object, extras);
  for (const [key, value] of made.entries) {
    Object.defineProperty(object, key, {
      value: build(value),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  if (made.throwingGetter !== undefined) throwOnRead(object, made.throwingGetter);
  return made.trap === undefined ? object : trapping(made.trap, object);
}
