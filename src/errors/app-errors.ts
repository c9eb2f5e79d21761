/** Errors about how the app is put together: two tsyringe copies, missing decorator metadata, the test kit's misuse. */
import { describeValue } from './describe-value.js';
import { SchedulerError } from './scheduler-error.js';

/** Where one copy of a package is installed, for {@link DuplicateTsyringeError}'s message. */
export interface PackageCopy {
  /** The package's folder. */
  readonly path: string;
  /** Its `version`, when its package.json could be read. */
  readonly version: string | undefined;
}

function describeCopy(copy: PackageCopy): string {
  return copy.version === undefined ? copy.path : `${copy.path} (${copy.version})`;
}

/**
 * Two copies of tsyringe are loaded: one that crontainer imports and another that the app's services
 * (or the container given to `bootstrap`) come from. tsyringe keeps what `@injectable()` learns in
 * module state, so services registered with one copy are unknown to the other: THREAD and PROCESS
 * runs would fail with "TypeInfo not known". tsyringe is a peer dependency; the fix is one install.
 */
export class DuplicateTsyringeError extends SchedulerError {
  override name = 'DuplicateTsyringeError';
  /** `container` when the container given to `bootstrap` is the other copy's, else `undefined`. */
  readonly option: string | undefined;
  /** The decorated class whose module loads the other copy, when that is how it was found. */
  readonly className: string | undefined;
  /** The copy crontainer imports. */
  readonly crontainerCopy: PackageCopy;
  /** The app's other copy, when it could be located. */
  readonly otherCopy: PackageCopy | undefined;

  constructor(found: {
    option?: string;
    className?: string;
    crontainerCopy: PackageCopy;
    otherCopy?: PackageCopy | undefined;
  }) {
    const { option, className, crontainerCopy, otherCopy } = found;
    const where =
      option === undefined
        ? `${className ?? 'a decorated class'} is defined in a module that loads tsyringe from ` +
          (otherCopy === undefined ? 'another folder' : describeCopy(otherCopy))
        : `options.${option} is not a container of that copy` +
          (otherCopy === undefined ? '' : ` (the app's is ${describeCopy(otherCopy)})`);
    super(
      `bootstrap: two copies of tsyringe are loaded. crontainer uses ${describeCopy(crontainerCopy)}, ` +
        `but ${where}. Services registered with one copy are unknown to the other, so THREAD and ` +
        `PROCESS runs would fail with "TypeInfo not known". tsyringe is a peer dependency of ` +
        `crontainer: install one copy (check with \`npm ls tsyringe\`, then align the versions or ` +
        `run \`npm dedupe\`).`,
    );
    this.option = option;
    this.className = className;
    this.crontainerCopy = crontainerCopy;
    this.otherCopy = otherCopy;
  }
}

/**
 * tsyringe could not construct a decorated class because it knows no constructor parameter types
 * for it or for one of its dependencies ("TypeInfo not known"). That is the mark of code compiled
 * without decorator metadata (tsx, esbuild, swc without `decoratorMetadata`), or of a dependency that
 * is not `@injectable()`. `key` is the first task of the class; the original error is the `cause`.
 */
export class MissingDecoratorMetadataError extends SchedulerError {
  override name = 'MissingDecoratorMetadataError';
  /** The compiler option whose absence this usually is: `emitDecoratorMetadata`. */
  readonly option = 'emitDecoratorMetadata';
  /** The decorated class bootstrap was resolving. */
  readonly className: string;
  /** The class tsyringe had no parameter types for: `className` itself or one of its dependencies. */
  readonly dependency: string;

  /** `metadataEmitted`: whether the decorated class's own module carries decorator metadata. */
  constructor(
    key: string,
    className: string,
    dependency: string,
    metadataEmitted: boolean,
    options?: ErrorOptions,
  ) {
    const of = dependency === className ? className : `${dependency} (a dependency of ${className})`;
    const why = metadataEmitted
      ? `${dependency} has constructor parameters but tsyringe has no record of their types: mark it ` +
        `@injectable() (or @singleton()) in code compiled with "emitDecoratorMetadata": true`
      : `the code was compiled without decorator metadata. Either compile with ` +
        `"emitDecoratorMetadata": true and "experimentalDecorators": true (tsc; swc needs ` +
        `jsc.transform.decoratorMetadata; tsx and esbuild cannot emit it)`;
    super(
      `Task "${key}": tsyringe cannot construct ${className}: it knows no constructor parameter types ` +
        `of ${of} ("TypeInfo not known"); ${why}, or name each constructor parameter of ${dependency} ` +
        `with @inject(Token).`,
      key,
      options,
    );
    this.className = className;
    this.dependency = dependency;
  }
}

/**
 * The test kit (`crontainer/testing`, and the `runInline` option) was used wrongly: a bad argument to
 * a `TestClock` method, a time before the clock's, or a second `advance` while one is going. `option`
 * names the setting or method, e.g. `TestClock.advance` or `runInline.import`.
 */
export class TestKitError extends SchedulerError {
  override name = 'TestKitError';
  /** The setting or method concerned, e.g. `TestClock.advance`. */
  readonly option: string;
  /** The value that was refused. */
  readonly value: unknown;

  /** `problem` completes the sentence after the setting's name, e.g. `must be ms ≥ 0, got -1 (number)`. */
  constructor(option: string, value: unknown, problem: string) {
    super(`${option} ${problem}`);
    this.option = option;
    this.value = value;
  }

  /** The usual case: the value is not what the setting takes. */
  static expected(option: string, expected: string, value: unknown): TestKitError {
    return new TestKitError(option, value, `must be ${expected}, got ${describeValue(value)}`);
  }
}
