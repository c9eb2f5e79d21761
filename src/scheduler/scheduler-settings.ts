/**
 * The rule table of `new Scheduler()`'s options (`bootstrap` shares the rules of the settings both
 * take): every setting validated, and defaulted, before the scheduler builds anything, so a refused
 * setting leaves nothing behind (no listener on the coordinator, no pool).
 */
import type { Coordinator } from '../cluster/coordinator.js';
import { InvalidSettingsError } from '../errors.js';
import {
  functionSetting,
  readSettings,
  serviceSetting,
  settingPath,
  type SettingRule,
  type SettingRules,
} from '../options/settings.js';
import type { RunType } from '../options/task-options.js';
import { inlineRunnerFactories } from '../runners/inline-runner.js';
import type { RunnerFactory } from '../runners/runners.js';
import { resolveWorkerSettings, type ResolvedWorkerSettings } from '../runners/worker-settings.js';
import { systemClock, type Clock } from './clock.js';
import type { SchedulerLogger } from './scheduler-options.js';

/** `new Scheduler()`'s options, validated, with defaults filled in. */
export interface ResolvedSchedulerOptions {
  readonly clock: Clock;
  readonly app: unknown;
  /** `undefined` when not given (`Runners` fills in the defaults). */
  readonly workers: ResolvedWorkerSettings | undefined;
  readonly coordinator: Coordinator | undefined;
  readonly logger: SchedulerLogger;
  readonly runnerFactories: Partial<Record<RunType, RunnerFactory>> | undefined;
  /** `runInline`'s THREAD and PROCESS runners (none unless it was given). */
  readonly runInline: Partial<Record<RunType, RunnerFactory>>;
}

/** What a `Coordinator` must implement: everything the scheduler's cluster link calls. */
const COORDINATOR_METHODS = [
  'register',
  'restart',
  'state',
  'claim',
  'heartbeat',
  'stop',
  'remove',
  'complete',
  'listen',
  'leave',
  'close',
];

/**
 * A `Clock`: the four members every scheduler uses, and optional ones (the precise-wake trio, the test
 * kit's `trackRun`); a clock that can start an immediate must be able to clear it (a wake left pending
 * would fire after `close`).
 */
export const clockSetting: SettingRule<Clock> = serviceSetting<Clock, Clock>(
  'a clock',
  ['now', 'monotonic', 'setTimeout', 'clearTimeout'],
  ['canPoll', 'setImmediate', 'clearImmediate', 'trackRun'],
  systemClock,
  (members, at) => {
    const start = members.get('setImmediate');
    const clear = members.get('clearImmediate');
    if ((start === undefined) !== (clear === undefined)) {
      const missing = start === undefined ? 'setImmediate' : 'clearImmediate';
      throw at.error.expected(settingPath(at, missing), 'a function when its partner is given', undefined);
    }
  },
);

/** `workers`: its own table (`worker-settings.ts`), refused as `InvalidWorkerSettingsError`s. */
export const workersSetting: SettingRule<ResolvedWorkerSettings | undefined> = (value) =>
  value === undefined ? undefined : resolveWorkerSettings(value);

/** Cluster mode's `Coordinator`, `undefined` (no cluster) when not given. */
export const coordinatorSetting: SettingRule<Coordinator | undefined> = serviceSetting<
  Coordinator,
  undefined
>('a coordinator', COORDINATOR_METHODS, [], undefined);

/** Runner factories by run type (internal: tests plug runners in here); absent ones stay the built-in. */
const runnerFactoriesSetting: SettingRule<Partial<Record<RunType, RunnerFactory>> | undefined> = (
  value,
  at,
) => {
  if (value === undefined) return undefined;
  const factory = functionSetting<RunnerFactory>();
  const given = readSettings(value, { ASYNC: factory, THREAD: factory, PROCESS: factory }, at);
  return Object.fromEntries(Object.entries(given).filter(([, made]) => made !== undefined));
};

const SCHEDULER_RULES: SettingRules<ResolvedSchedulerOptions> = {
  clock: clockSetting,
  app: (value) => value,
  workers: workersSetting,
  coordinator: coordinatorSetting,
  logger: serviceSetting<SchedulerLogger, SchedulerLogger>('a logger', ['error'], [], console),
  runnerFactories: runnerFactoriesSetting,
  // Validated by the inline runner's own reader (a TestKitError names `runInline.<name>`).
  runInline: (value) => inlineRunnerFactories(value),
};

/** Validates `new Scheduler()`'s options; refusals are `InvalidSettingsError`s naming the path. */
export function readSchedulerOptions(raw: unknown): ResolvedSchedulerOptions {
  return readSettings(raw, SCHEDULER_RULES, { path: '', error: InvalidSettingsError }, 'options');
}
