import { describe, expect, it } from 'vitest';

import {
  DuplicateTaskError,
  InvalidTaskOptionsError,
  MisplacedDecoratorError,
  Scheduled,
  Scheduler,
  SchedulerError,
} from '../../src/index.js';
import { decoratedClasses, scheduledMethodsOf } from '../../src/decorators/metadata.js';
import { tagMethod } from '../../src/shared/method-reference.js';
import { toRunTarget } from '../../src/runners/target.js';

const THIS_MODULE = new URL(import.meta.url).href;

/** Runs `define` (which defines a class) and returns what it threw. */
function thrownBy(define: () => unknown): unknown {
  try {
    define();
  } catch (error) {
    return error;
  }
  throw new Error('expected the class definition to throw');
}

describe('@Scheduled records validated options', () => {
  it('records the method with the default key Class.method and the defining module', () => {
    class ReportService {
      @Scheduled({ interval: '5s', runs: 3 })
      refresh(): void {}
    }
    const [method, ...rest] = scheduledMethodsOf(ReportService);
    expect(rest).toEqual([]);
    expect(method?.methodName).toBe('refresh');
    expect(method?.options).toEqual({ interval: '5s', runs: 3, key: 'ReportService.refresh' });
    expect(method?.moduleUrl).toBe(THIS_MODULE);
    expect(decoratedClasses().has(ReportService)).toBe(true);
  });

  it('does not keep or mutate the caller object', () => {
    const options = { interval: 1000 };
    class Keeper {
      @Scheduled(options)
      tick(): void {}
    }
    options.interval = 5;
    expect(scheduledMethodsOf(Keeper)[0]?.options.interval).toBe(1000);
    expect(options).toEqual({ interval: 5 });
  });

  it('takes several decorators on one method with distinct keys', () => {
    class Multi {
      @Scheduled({ key: 'fast', interval: '1s' })
      @Scheduled({ key: 'slow', interval: '1m' })
      work(): void {}
    }
    expect(scheduledMethodsOf(Multi).map((m) => m.options.key)).toEqual(
      expect.arrayContaining(['fast', 'slow']),
    );
    expect(scheduledMethodsOf(Multi)).toHaveLength(2);
  });

  it('refuses the same key twice on one class at decoration', () => {
    const thrown = thrownBy(() => {
      class Twice {
        @Scheduled({ key: 'same', interval: '1s' })
        a(): void {}
        @Scheduled({ key: 'same', interval: '2s' })
        b(): void {}
      }
      return Twice;
    });
    expect(thrown).toBeInstanceOf(DuplicateTaskError);
    expect((thrown as DuplicateTaskError).key).toBe('same');
    expect((thrown as DuplicateTaskError).owners).toEqual(['Twice.a', 'Twice.b']);
  });

  it.each([
    ['a negative interval', { interval: -1 }, 'interval'],
    ['runs of 0', { runs: 0 }, 'runs'],
    ['a malformed duration', { interval: '5 sec' }, 'interval'],
    ['interval with cron', { interval: '1s', cron: '* * * * *' }, 'cron'],
    ['an unknown option', { intervall: '1s' }, 'intervall'],
    ['a relative module path', { module: './job.js' }, 'module'],
  ])('refuses %s with InvalidTaskOptionsError naming key and option', (_label, options, option) => {
    const thrown = thrownBy(() => {
      class Bad {
        @Scheduled(options as never)
        run(): void {}
      }
      return Bad;
    });
    expect(thrown).toBeInstanceOf(InvalidTaskOptionsError);
    expect((thrown as InvalidTaskOptionsError).key).toBe('Bad.run');
    expect((thrown as InvalidTaskOptionsError).option).toBe(option);
  });

  it('names the given key in errors when one is given', () => {
    expect(() => {
      class Named {
        @Scheduled({ key: 'nightly', runs: 1.5 })
        run(): void {}
      }
      return Named;
    }).toThrow(expect.objectContaining({ key: 'nightly', option: 'runs' }) as Error);
  });

  it('takes the module option instead of the module it finds', () => {
    class Bundled {
      @Scheduled({ interval: '1s', module: '/srv/app/bundle.js' })
      run(): void {}
    }
    expect(scheduledMethodsOf(Bundled)[0]?.moduleUrl).toBe('file:///srv/app/bundle.js');
    expect(scheduledMethodsOf(Bundled)[0]?.options).not.toHaveProperty('module');
  });
});

describe('@Scheduled on anything but an instance method', () => {
  const place = (fn: () => void): MisplacedDecoratorError => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(MisplacedDecoratorError);
      expect(error).toBeInstanceOf(SchedulerError);
      return error as MisplacedDecoratorError;
    }
    throw new Error('expected a MisplacedDecoratorError');
  };

  it('refuses a getter and a setter, saying where', () => {
    const getter = place(() => {
      class WithGetter {
        @Scheduled({ interval: '1s' })
        get value(): number {
          return 1;
        }
      }
      return WithGetter;
    });
    expect(getter.place).toBe('WithGetter.value');
    expect(getter.message).toContain('WithGetter.value');
    const setter = place(() => {
      class WithSetter {
        @Scheduled({ interval: '1s' })
        set value(_: number) {}
      }
      return WithSetter;
    });
    expect(setter.message).toContain('WithSetter.value');
  });

  it('refuses a field', () => {
    const error = place(() => {
      class WithField {
        // @ts-expect-error: the decorator's type already refuses fields; this checks the run-time guard
        @Scheduled({ interval: '1s' })
        handler = (): void => {};
      }
      return WithField;
    });
    expect(error.message).toContain('WithField.handler');
  });

  it('refuses a class', () => {
    const error = place(() => {
      // @ts-expect-error: the decorator's type already refuses classes; this checks the run-time guard
      @Scheduled({ interval: '1s' })
      class Decorated {}
      return Decorated;
    });
    expect(error.place).toBe('class Decorated');
  });

  it('refuses a static method', () => {
    const error = place(() => {
      class WithStatic {
        @Scheduled({ interval: '1s' })
        static run(): void {}
      }
      return WithStatic;
    });
    expect(error.place).toBe('WithStatic.run');
    expect(error.message).toContain('WithStatic.run');
  });
});

describe('decorated methods as THREAD/PROCESS tasks', () => {
  class CpuService {
    @Scheduled({ interval: '1m', runType: 'THREAD' })
    crunch(): number {
      return 42;
    }
  }

  it('turns the method into a service-method target naming its module, class and method', () => {
    expect(toRunTarget(CpuService.prototype.crunch, 'THREAD', 'k')).toEqual({
      kind: 'service-method',
      url: THIS_MODULE,
      className: 'CpuService',
      methodName: 'crunch',
      // Kept for runInline, which calls it in this process; the pools never send it.
      fn: CpuService.prototype.crunch,
    });
    expect(toRunTarget(CpuService.prototype.crunch, 'PROCESS', 'k').kind).toBe('service-method');
  });

  it('lets Scheduler.add take the method for a THREAD task, and still refuses closures', async () => {
    const scheduler = new Scheduler();
    const task = scheduler.add(CpuService.prototype.crunch, {
      key: 'crunch',
      runType: 'THREAD',
      enabled: false,
    });
    expect(task.runType).toBe('THREAD');
    expect(() => scheduler.add(() => 1, { runType: 'THREAD', enabled: false })).toThrow(
      InvalidTaskOptionsError,
    );
    await scheduler.close();
  });

  it('names option `module` when the defining module is unknown', () => {
    const orphan = function orphan(): void {};
    tagMethod(orphan, { className: 'Orphan', methodName: 'orphan', moduleUrl: undefined });
    const thrown = thrownBy(() => toRunTarget(orphan, 'THREAD', 'Orphan.orphan'));
    expect(thrown).toBeInstanceOf(InvalidTaskOptionsError);
    expect((thrown as InvalidTaskOptionsError).option).toBe('module');
  });
});
