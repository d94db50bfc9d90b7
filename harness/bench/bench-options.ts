// Parses and validates every `langbench bench` option before anything is built or started.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { parseDuration } from './budget.js';
import { commaList } from '../input/comma-list.js';
import { parseLoadModelOptions, type LoadModelOptions, type RawLoadModelOptions } from './load-model-options.js';
import { LEAK_SCENARIO, splitLeakScenario, type RawLeakOptions } from '../leak/leak-options.js';
import type { AbandonBounds } from '../leak/abandon-sessions.js';

import type { RuntimeChoice } from '../runtime/select-runtime.js';
import type { BuildChoice } from '../docker/target-image.js';

export type { RuntimeChoice } from '../runtime/select-runtime.js';
export type { BuildChoice } from '../docker/target-image.js';
export type ScheduleChoice = 'interleaved' | 'sequential';

export interface BenchOptions extends LoadModelOptions {
  targets: string[];
  /** the load scenarios (mcp-leak is not one: see abandonedSessions) */
  scenarios: string[];
  /** --scenarios named mcp-leak: the abandoned-session measurement's bounds; null: not run */
  abandonedSessions: AbandonBounds | null;
  runtime: RuntimeChoice;
  build: BuildChoice;
  cpus: number;
  connections: number;
  durationS: number;
  warmupS: number;
  /** --trials: clean trials per scenario in a fixed run; the adaptive run's minimum rounds otherwise */
  trials: number;
  /** --trials was given: run exactly that many clean trials (one look at 95%), not adaptive rounds */
  fixedTrials: boolean;
  /** --budget: the whole run's time bound, seconds */
  budgetS: number;
  /** adaptive rounds stop at this many at most, whatever the budget allows */
  maxRounds: number;
  coldStarts: number;
  memoryBytes: number;
  out: string | null;
  force: boolean;
  report: boolean;
  baseline: string | null;
  schedule: ScheduleChoice;
  /** seed of the per-round shuffle; null: drawn at random (and recorded) */
  seed: number | null;
  rewarmS: number;
  /** foreign CPU + steal (percent of a core group) at which a trial is disturbed */
  disturbedPct: number;
  maxReruns: number;
  /** seconds to wait for another bench on this machine to finish; null: refuse at once */
  waitS: number | null;
  /** a git revision whose targets are measured beside the working tree's and gated against them */
  ab: string | null;
}

/** What commander hands over: strings, as typed. */
export interface RawBenchOptions extends RawLoadModelOptions, RawLeakOptions {
  targets?: string;
  scenarios?: string;
  runtime?: string;
  build?: string;
  cpus?: string;
  connections?: string;
  duration?: string;
  warmup?: string;
  trials?: string;
  budget?: string;
  maxRounds?: string;
  coldStarts?: string;
  memory?: string;
  out?: string;
  force?: boolean;
  report?: boolean;
  baseline?: string;
  schedule?: string;
  seed?: string;
  rewarm?: string;
  disturbedThreshold?: string;
  maxReruns?: string;
  /** folders of targets beside the built-in ones, as given */
  targetsDir?: string[];
  ab?: string;
  /** commander gives true for a bare --wait */
  wait?: string | boolean;
}

export const BENCH_DEFAULTS = {
  runtime: 'auto',
  build: 'auto',
  cpus: '4',
  connections: '64',
  duration: '3',
  warmup: '2',
  /** adaptive rounds: the fewest before the run may stop (6: every median gets a 95% interval) */
  trials: '6',
  /** the default selection, first run with image builds, fits in it on a 2-core VM */
  budget: '9m',
  maxRounds: '30',
  coldStarts: '10',
  memory: '1g',
  schedule: 'interleaved',
  rewarm: '1',
  disturbedThreshold: '10',
  /** per target and scenario; the default is half the trials, rounded up */
  maxReruns: undefined,
} as const;

/** --wait with no value: an hour, long enough for any default run ahead in the queue */
export const DEFAULT_WAIT_S = 3600;


export function positiveInteger(flag: string, value: string, min = 1): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
    throw new UsageError(`${flag} must be an integer >= ${min}, got "${value}"`);
  }
  return Number(value);
}

/** Seconds as a bare number or with the suffixes --budget takes (10, 10s, 1m, 1m30s), as the load tools people know accept them. */
function seconds(flag: string, value: string, allowZero: boolean): number {
  const text = value.trim();
  if (allowZero && /^0+(?:\.0+)?s?$/.test(text)) return 0;
  try {
    return parseDuration(flag, text);
  } catch {
    throw new UsageError(`${flag} must be a number of seconds${allowZero ? ' (0 or more)' : ' above 0'} or a duration, e.g. ${flag} 10, 10s or 1m, got "${value}"`);
  }
}

const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function memory(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!match) throw new UsageError(`--memory must be a size like 512m or 1g, got "${value}"`);
  const bytes = Math.round(Number(match[1]) * MEMORY_UNITS[match[2]!.toLowerCase()]!);
  if (bytes < 16 * 1024 ** 2) throw new UsageError(`--memory must be at least 16m, got "${value}"`);
  return bytes;
}

/** --ab takes a revision, gates in the same run, so it excludes --baseline and needs gateable trials */
function abRevision(rev: string | undefined, baseline: string | null, trials: number, fixed: boolean): string | null {
  if (rev === undefined) return null;
  if (!/^[\w./@^~{}-]+$/.test(rev) || rev.startsWith('-')) throw new UsageError(`--ab takes a git revision (branch, tag or commit), got "${rev}"`);
  if (baseline !== null) throw new UsageError('--ab and --baseline both gate the run: use one (--ab measures the other revision in the same run)');
  if (fixed && trials < 6) throw new UsageError(`--ab gates the two revisions against each other: use --trials 6 or more (or leave --trials out: rounds then go on until the gate is decided or --budget is spent), got ${trials}`);
  return rev;
}

function percent(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const parsed = match ? Number(match[1]) : NaN;
  if (!match || parsed <= 0 || parsed > 100) throw new UsageError(`${flag} must be a percentage above 0 and at most 100, e.g. ${flag} 10, got "${value}"`);
  return parsed;
}

/** `hidden` values are accepted but not offered (the test suite's fake runtime). */
function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[], hidden: readonly T[] = []): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.filter((a) => !hidden.includes(a)).join(', ')}, got "${value}"`);
  }
  return value as T;
}

export interface KnownNames {
  targets: string[];
  /** run when --targets is not given (default: every known target) */
  defaultTargets?: string[];
  scenarios: string[];
  /** asked when --scenarios is not given (default: every known scenario) */
  defaultScenarios?: string[];
}

export function parseBenchOptions(raw: RawBenchOptions, known: KnownNames): BenchOptions {
  const targets = commaList(raw.targets);
  for (const name of targets) {
    if (!known.targets.includes(name)) throw new UsageError(`unknown target "${name}"; known targets: ${known.targets.join(', ')} (see langbench targets)`);
  }
  if (targets.length === 0 && (known.defaultTargets ?? known.targets).length === 0) {
    throw new UsageError('no targets to run: the --targets-dir folders hold none (each target is a sub-folder with a target.json; `langbench init DIR` writes one), or name some with --targets');
  }
  const asked = raw.scenarios === undefined ? [...(known.defaultScenarios ?? known.scenarios)] : commaList(raw.scenarios);
  if (asked.length === 0) throw new UsageError(`--scenarios needs at least one of ${known.scenarios.join(', ')}`);
  const { load: scenarios, leak: abandonedSessions } = splitLeakScenario(asked, { leakSessions: raw.leakSessions, leakRate: raw.leakRate, leakIdle: raw.leakIdle });
  for (const name of scenarios) {
    if (!known.scenarios.includes(name)) throw new UsageError(`unknown scenario "${name}"; known scenarios: ${[...known.scenarios, LEAK_SCENARIO].join(', ')}`);
  }
  // the measurement needs the run's trials for nothing, but the run has no mode without them
  if (scenarios.length === 0) throw new UsageError(`${LEAK_SCENARIO} runs beside load scenarios: add one to --scenarios (e.g. --scenarios mcp-session,${LEAK_SCENARIO})`);
  const out = raw.out ? path.resolve(raw.out) : null;
  const force = raw.force ?? false;
  if (out !== null) {
    if (existsSync(out) && !force) throw new UsageError(`${out} already exists; choose another --out or add --force to overwrite it`);
    if (!existsSync(path.dirname(out))) throw new UsageError(`cannot write ${out}: folder ${path.dirname(out)} does not exist`);
  }
  const baseline = raw.baseline ? path.resolve(raw.baseline) : null;
  if (baseline !== null && !existsSync(baseline)) throw new UsageError(`--baseline ${baseline}: no such file`);
  const fixedTrials = raw.trials !== undefined;
  const trials = positiveInteger('--trials', raw.trials ?? BENCH_DEFAULTS.trials, fixedTrials ? 1 : 2);
  const maxRounds = positiveInteger('--max-rounds', raw.maxRounds ?? BENCH_DEFAULTS.maxRounds, 2);
  if (!fixedTrials && maxRounds < trials) throw new UsageError(`--max-rounds ${maxRounds} is below the ${trials} rounds every adaptive run makes; raise --max-rounds`);
  const disturbedPct = percent('--disturbed-threshold', raw.disturbedThreshold ?? BENCH_DEFAULTS.disturbedThreshold);
  return {
    targets: targets.length > 0 ? targets : [...(known.defaultTargets ?? known.targets)],
    scenarios,
    abandonedSessions,
    runtime: oneOf('--runtime', raw.runtime ?? BENCH_DEFAULTS.runtime, ['auto', 'docker', 'process', 'fake'] as const, ['fake']),
    build: oneOf('--build', raw.build ?? BENCH_DEFAULTS.build, ['auto', 'online', 'offline'] as const),
    cpus: positiveInteger('--cpus', raw.cpus ?? BENCH_DEFAULTS.cpus),
    connections: positiveInteger('--connections', raw.connections ?? BENCH_DEFAULTS.connections),
    durationS: seconds('--duration', raw.duration ?? BENCH_DEFAULTS.duration, false),
    warmupS: seconds('--warmup', raw.warmup ?? BENCH_DEFAULTS.warmup, true),
    trials,
    fixedTrials,
    budgetS: parseDuration('--budget', raw.budget ?? BENCH_DEFAULTS.budget),
    maxRounds,
    coldStarts: positiveInteger('--cold-starts', raw.coldStarts ?? BENCH_DEFAULTS.coldStarts),
    memoryBytes: memory(raw.memory ?? BENCH_DEFAULTS.memory),
    out,
    force,
    report: raw.report ?? true,
    baseline,
    schedule: oneOf('--schedule', raw.schedule ?? BENCH_DEFAULTS.schedule, ['interleaved', 'sequential'] as const),
    seed: raw.seed === undefined ? null : positiveInteger('--seed', raw.seed, 0),
    rewarmS: seconds('--rewarm', raw.rewarm ?? BENCH_DEFAULTS.rewarm, true),
    disturbedPct,
    maxReruns: raw.maxReruns === undefined ? Math.ceil(trials / 2) : positiveInteger('--max-reruns', raw.maxReruns, 0),
    waitS: raw.wait === undefined || raw.wait === false ? null : raw.wait === true ? DEFAULT_WAIT_S : seconds('--wait', raw.wait, true),
    ab: abRevision(raw.ab, baseline, trials, fixedTrials),
    ...parseLoadModelOptions(raw),
  };
}
