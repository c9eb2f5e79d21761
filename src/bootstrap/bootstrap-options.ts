/**
 * `bootstrap()`'s options and their rule table. The settings it shares with `new Scheduler()` use the
 * scheduler's rules; all of them are validated before bootstrap changes anything (no scheduler, no
 * registration in the container).
 */
import { container as rootContainer, type DependencyContainer } from 'tsyringe';

import type { Coordinator } from '../cluster/coordinator.js';
import { InvalidSettingsError } from '../errors.js';
import { booleanSetting, readSettings, serviceSetting, type SettingRules } from '../options/settings.js';
import { inlineRunnerFactories, type InlineRunSettings } from '../runners/inline-runner.js';
import type { WorkerSettings } from '../runners/runners.js';
import type { ResolvedWorkerSettings } from '../runners/worker-settings.js';
import type { Clock } from '../scheduler/clock.js';
import { clockSetting, coordinatorSetting, workersSetting } from '../scheduler/scheduler-settings.js';
import type { Logger } from './logger.js';
import { readOverrideLayer, type OverrideLayer, type ScheduleOverrides } from './overrides.js';

/** Options of `bootstrap`. */
export interface BootstrapOptions {
  /**
   * The container to scan and resolve services from; a child container works, with its parents.
   * @default tsyringe's root container
   */
  readonly container?: DependencyContainer;
  /** Overrides by task key, laid over the ones registered under `SCHEDULE_OVERRIDES` (these win). */
  readonly overrides?: ScheduleOverrides;
  /** Pool settings for THREAD and PROCESS runs. @default pools sized for the machine */
  readonly workers?: WorkerSettings;
  /** Cluster mode: see `crontainer/redis`. @default none (every run is local) */
  readonly coordinator?: Coordinator;
  /** Receives start-up notes, warnings about skipped classes and unobserved task errors. @default console */
  readonly logger?: Logger;
  /** Close gracefully on the first SIGINT or SIGTERM. @default false */
  readonly handleSignals?: boolean;
  /** Time source, for tests (see `TestClock` in `crontainer/testing`). @default the system clock */
  readonly clock?: Clock;
  /**
   * For tests: THREAD and PROCESS methods run in this process, on the instance this container resolved
   * (see `SchedulerOptions.runInline`). @default false
   */
  readonly runInline?: boolean | InlineRunSettings;
}

/** `bootstrap`'s options, validated, with defaults filled in. */
export interface ResolvedBootstrapOptions {
  readonly container: DependencyContainer;
  readonly overrides: OverrideLayer | undefined;
  readonly workers: ResolvedWorkerSettings | undefined;
  readonly coordinator: Coordinator | undefined;
  readonly logger: Logger;
  readonly handleSignals: boolean;
  readonly clock: Clock;
  /** Handed to the scheduler as given; the scheduler's rules validate it. */
  readonly runInline: boolean | InlineRunSettings | undefined;
}

const BOOTSTRAP_RULES: SettingRules<ResolvedBootstrapOptions> = {
  // What bootstrap and phase one call on it.
  container: serviceSetting<DependencyContainer, DependencyContainer>(
    'a tsyringe container',
    ['isRegistered', 'register', 'resolve', 'resolveAll'],
    [],
    rootContainer,
  ),
  overrides: (value, at) => (value === undefined ? undefined : readOverrideLayer(value, at.path)),
  workers: workersSetting,
  coordinator: coordinatorSetting,
  logger: serviceSetting<Logger, Logger>('a logger', ['info', 'warn', 'error'], [], console),
  handleSignals: booleanSetting(false),
  clock: clockSetting,
  runInline: (value) => {
    inlineRunnerFactories(value); // refused here, before anything changes
    return value as boolean | InlineRunSettings | undefined;
  },
};

/** Validates `bootstrap()`'s options; refusals are `InvalidSettingsError`s naming the path. */
export function readBootstrapOptions(raw: unknown): ResolvedBootstrapOptions {
  return readSettings(raw, BOOTSTRAP_RULES, { path: '', error: InvalidSettingsError }, 'options');
}
