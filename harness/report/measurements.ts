// What a result file measured for each of the article's metrics, as a median with an interval, in
// the metric's base unit (req/s, bytes, ms, µs, bytes). The one place that decides which field of a
// result answers which row of the article's table.
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';
import { medianInterval } from '../stats/median-interval.js';
import type { ClaimMetric } from './claims.js';

/** A measurement: median with an interval; an exact or single value has low = high = median. */
export interface Measured {
  median: number;
  low: number;
  high: number;
  /** coverage of [low, high]; null for a single or exact value */
  level: number | null;
  /**
   * 'floor': the true value can only be higher (requests/s of a client-bound run: the load
   * generator ran out first); 'ceiling': it can only be lower (a ratio over a floor); 'unknown':
   * both sides were floors. Absent: the measurement stands as it is.
   */
  bound?: 'floor' | 'ceiling' | 'unknown';
}

/** At least half the trials client-bound: the median is the load generator's ceiling, not the server's. */
function clientBound(s: ScenarioResult): boolean {
  return s.trials.filter((t) => t.clientBound).length * 2 >= s.trials.length;
}

const point = (x: number): Measured => ({ median: x, low: x, high: x, level: null });

export function findTarget(result: ResultFile, name: string): TargetResult | undefined {
  return result.targets.find((t) => t.name === name);
}

export function findScenario(target: TargetResult, name: string): ScenarioResult | undefined {
  return target.scenarios.find((s) => s.name === name);
}

/**
 * One metric of one target: requests/s and P99 from the given scenario's summary (median of trials,
 * 95% interval); memory = idle RSS of the server's process tree (what one instance costs); cold start =
 * median of the fresh starts with its order-statistic interval; size = artifact bytes, exact.
 */
export function measure(target: TargetResult, metric: ClaimMetric, scenario: string): Measured | null {
  switch (metric) {
    case 'rps': {
      const s = findScenario(target, scenario);
      if (!s || s.trials.length === 0) return null;
      const r = s.summary.rps;
      return { median: r.median, low: r.ci95.low, high: r.ci95.high, level: r.ci95.level, ...(clientBound(s) ? { bound: 'floor' as const } : {}) };
    }
    case 'p99': {
      const s = findScenario(target, scenario);
      if (!s || s.trials.length === 0) return null;
      const r = s.summary.p99Us;
      return { median: r.median, low: r.ci95.low, high: r.ci95.high, level: r.ci95.level };
    }
    case 'memory':
      return target.memory.idleRssBytes == null ? null : point(target.memory.idleRssBytes);
    case 'coldStart': {
      const samples = target.coldStartMs.samples;
      if (samples.length === 0) return target.coldStartMs.median == null ? null : point(target.coldStartMs.median);
      const { median, ci95 } = medianInterval(samples);
      return { median, low: ci95.low, high: ci95.high, level: samples.length > 1 ? ci95.level : null };
    }
    case 'size':
      return target.sizeBytes == null ? null : point(target.sizeBytes);
  }
}

/**
 * The ratio a/b with the interval [a.low / b.high, a.high / b.low]: it holds whenever both intervals
 * do, so (the targets' trials being independent) its coverage is at least the product of theirs.
 */
export function ratioOf(a: Measured, b: Measured): Measured | null {
  if (b.median <= 0) return null;
  const bound = ratioBound(a.bound, b.bound);
  return {
    ...(bound ? { bound } : {}),
    median: a.median / b.median,
    low: b.high > 0 ? a.low / b.high : Infinity,
    high: b.low > 0 ? a.high / b.low : Infinity,
    level: a.level != null && b.level != null ? a.level * b.level : (a.level ?? b.level),
  };
}

/** A floor over an exact value is a floor, an exact value over a floor a ceiling; two floors say nothing. */
function ratioBound(a: Measured['bound'], b: Measured['bound']): Measured['bound'] {
  if (!a && !b) return undefined;
  if (a === 'floor' && !b) return 'floor';
  if (!a && b === 'floor') return 'ceiling';
  if (a === 'ceiling' && !b) return 'ceiling';
  if (!a && b === 'ceiling') return 'floor';
  return 'unknown';
}

/** Scenario names in the order they first appear across the targets of the given files. */
export function scenarioNames(results: readonly ResultFile[]): string[] {
  const names: string[] = [];
  for (const r of results) for (const t of r.targets) for (const s of t.scenarios) if (!names.includes(s.name)) names.push(s.name);
  return names;
}

/** Target names in the order they first appear across the given files. */
export function targetNames(results: readonly ResultFile[]): string[] {
  const names: string[] = [];
  for (const r of results) for (const t of r.targets) if (!names.includes(t.name)) names.push(t.name);
  return names;
}
