// The gate's verdict on two result files, decided per metric by intervals (docs/compare-and-gate.md,
// "How the gate decides"): each tested row's interval for the relative change is computed at the
// simultaneous level 1 - alpha/m (Bonferroni over the m tested rows, so all of them hold at once),
// read as badness (positive = worse), and set against the metric's floor: the whole interval beyond
// the floor fails, none of it beyond passes, one that straddles the floor is inconclusive and says
// about how many samples would decide it. Holm-adjusted p is still computed and shown. Pure: no I/O,
// no exit; a gate that cannot be trusted (different machines, too few trials) throws a UsageError.
import { EXIT_INCONCLUSIVE, EXIT_OK, EXIT_REGRESSION, UsageError } from '../errors.js';
import type { ResultFile, ScenarioResult, Schedule, TargetResult } from '../results/schema.js';
import { compareResults, rowSamples, type Comparison, type ComparisonRow, type LabelledResult } from '../compare/compare-results.js';
import { describeMachine } from '../compare/machine-match.js';
import { formatDelta, formatP } from '../metrics/format.js';
import { metricSpec, type MetricId } from '../metrics/registry.js';
import { relativeShift } from '../stats/relative-shift.js';
import { pairedRatioInterval } from '../metrics/measure.js';
import { runAlpha, type SequentialPlan } from '../stats/sequential.js';
import { trialsNeeded } from '../stats/smallest-p.js';
import type { GateConfig, GateConfigInput } from './gate-config.js';
import { gatePlan } from './gate-plan.js';
import { runtimeOf } from '../results/same-runtime.js';
import { layoutOf } from '../results/run-layout.js';
import { decideInterval, type DecidingInterval } from './decide-interval.js';
import { gatePower, type GatePower, type PowerRow } from './power-at-size.js';

export type { DecidingInterval } from './decide-interval.js';
export type { GatePower } from './power-at-size.js';

export interface GateCheck {
  target: string;
  scenario: string | null;
  /** null for a whole-target check (the target failed to run) */
  metric: MetricId | null;
  floorPct: number | null;
  /** inconclusive: the interval straddles the floor, or a side has fewer than 2 clean samples */
  verdict: 'pass' | 'fail' | 'inconclusive';
  reason: string;
  /** a pass whose whole interval is on the good side of 0 */
  improved?: boolean;
  /** the interval the verdict was decided on */
  interval?: DecidingInterval;
  /** inconclusive: about how many samples (or rounds) per side would likely decide it; null: not likely */
  samplesToDecide?: number | null;
}

export interface GateOptions {
  /**
   * The two results come from one run whose trials ran in the same rounds (--ab): per-trial metrics
   * are decided on per-round ratios current/baseline (t on their logs) when 3 or more rounds pair.
   * Default: true exactly when both are halves of one run (splitAbResult keeps the run's
   * startedAt, finishedAt and machine on both), so `bench --ab` is paired without asking.
   */
  paired?: boolean;
  /** simulate false alarms and power at this size (default true; gateChecksPending turns it off) */
  power?: boolean;
}

export interface GateSequential {
  plan: SequentialPlan;
  /** rounds the current run ran: the look it stopped at */
  rounds: number;
  /** why it stopped; absent while it runs (judged as its next look will be) */
  stop?: NonNullable<Schedule['stop']>['reason'];
  /** the error budget of that look: the gate's family alpha */
  alpha: number;
}

export interface GateOutcome {
  /** a regression wins; else inconclusive checks; input errors never get here (they throw, exit 2) */
  exitCode: typeof EXIT_OK | typeof EXIT_REGRESSION | typeof EXIT_INCONCLUSIVE;
  /** no regression found (some checks may still be inconclusive) */
  passed: boolean;
  config: GateConfig;
  /** the family-wise alpha the intervals were read at: config.alpha, or the sequential look's budget */
  familyAlpha: number;
  /** the simultaneous level of every deciding interval: 1 - familyAlpha / testsInFamily */
  level: number;
  /** the current file's sequential plan and the look it stopped at, when it has one */
  sequential: GateSequential | null;
  paired: boolean;
  comparison: Comparison;
  /** one per comparison row, same order, then one per target that failed in current */
  checks: GateCheck[];
  failures: GateCheck[];
  inconclusive: GateCheck[];
  /** passes whose whole interval is an improvement: never inconclusive */
  improved: GateCheck[];
  /** the rule's false alarms and power at this run's size, from the baseline's own spread; null when nothing to simulate or not asked */
  power: GatePower | null;
}

type SampleNoun = 'trials' | 'cold starts' | 'idle RSS samples' | 'rounds';

function sampleNoun(metric: MetricId): SampleNoun {
  return metric === 'coldStart' ? 'cold starts' : metric === 'idleRss' ? 'idle RSS samples' : 'trials';
}

function where(r: { target: string; scenario: string | null }): string {
  return r.scenario ? `${r.target}/${r.scenario}` : r.target;
}

/** Both results are halves of one run (an A/B split): same start, end and machine. */
export function sameRun(baseline: ResultFile, current: ResultFile): boolean {
  return baseline.startedAt === current.startedAt && baseline.finishedAt === current.finishedAt && baseline.machine.fingerprint === current.machine.fingerprint;
}

/** The current file's sequential plan and rounds, read defensively (older files have neither). */
export function sequentialOf(result: ResultFile): { plan: SequentialPlan; rounds: number; stop?: NonNullable<Schedule['stop']>['reason'] } | null {
  // the result schema validated the plan when the file was read
  const plan = result.schedule?.sequential;
  const rounds = result.schedule?.rounds;
  if (!plan || typeof rounds !== 'number' || !Number.isInteger(rounds) || rounds < 1) return null;
  const stop = result.schedule?.stop?.reason;
  return { plan, rounds, ...(stop ? { stop } : {}) };
}

const PER_TRIAL: ReadonlySet<MetricId> = new Set<MetricId>(['rps', 'p50', 'p99', 'p999', 'peakRss']);

function scenarioOf(result: ResultFile, target: string, scenario: string): { t: TargetResult; s: ScenarioResult } | null {
  const t = result.targets.find((x) => x.name === target);
  const s = t?.scenarios.find((x) => x.name === scenario);
  return t && s ? { t, s } : null;
}

/** The per-round ratio interval of a per-trial row (throughput and latency adjusted for the CPU each side lost to steal and neighbours), or null when fewer than 3 rounds pair. */
function pairedInterval(row: ComparisonRow, baseline: ResultFile, current: ResultFile, level: number): DecidingInterval | null {
  if (!PER_TRIAL.has(row.metric) || row.scenario === null) return null;
  const b = scenarioOf(baseline, row.target, row.scenario);
  const c = scenarioOf(current, row.target, row.scenario);
  if (!b || !c) return null;
  const t = pairedRatioInterval(row.metric, { target: c.t, scenario: c.s }, { target: b.t, scenario: b.s }, level);
  if (!t || t.n < 3) return null;
  return { pct: (t.centre - 1) * 100, low: (t.low - 1) * 100, high: (t.high - 1) * 100, level, method: 'paired-log-t', n: t.n, ...(t.slope !== null ? { cpuAdjusted: true } : {}) };
}

function mosesInterval(row: ComparisonRow, level: number): DecidingInterval | null {
  const { baseline, current } = rowSamples(row);
  const d = relativeShift(baseline, current, level);
  if (!d) return null;
  // the equal per-side size with the same width: 1/n1 + 1/n2 = 2/n (6 vs 12 trials count as 8 a side)
  const n = Math.round((2 * baseline.length * current.length) / (baseline.length + current.length));
  return { pct: d.pct, low: d.low, high: d.high, level: d.level, method: 'moses', n };
}

function checkRow(row: ComparisonRow, floor: number, decidingInterval: DecidingInterval | null): GateCheck {
  const base = { target: row.target, scenario: row.scenario, metric: row.metric, floorPct: floor };
  const bn = row.baseline?.n ?? 0;
  const cn = row.current?.n ?? 0;
  // too few clean samples of THIS metric on a side: undecided for lack of data, never a pass
  if (row.kind === 'samples' && (bn < 2 || cn < 2) && (bn > 0 || cn > 0 || (row.trust.baseline?.total ?? 0) + (row.trust.current?.total ?? 0) > 0)) {
    const left = (t: ComparisonRow['trust']['baseline'], n: number): string => (t && t.total > t.clean ? `${n} of ${t.total}` : `${n}`);
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `too few clean ${sampleNoun(row.metric)}: ${left(row.trust.baseline, bn)} baseline vs ${left(row.trust.current, cn)} current (a side needs 2; disturbed trials are left out): rerun on a quieter machine`,
    };
  }
  const d = row.delta;
  if (!d || !row.baseline || !row.current) return { ...base, verdict: 'pass', reason: `not measured (${row.notes.join('; ') || 'no value'}): not gated` };
  if (row.kind === 'single') return { ...base, verdict: 'pass', reason: 'one measurement per run: not tested, not gated' };
  const size = Math.abs(d.pct);
  if (row.kind === 'exact') {
    const interval: DecidingInterval = { pct: d.pct, low: d.pct, high: d.pct, level: 1, method: 'exact', n: 1 };
    if (row.direction === 'worse' && size > floor) return { ...base, verdict: 'fail', interval, reason: `grew ${formatDelta(d.pct)}, beyond the ${floor}% floor (exact)` };
    const improved = row.direction === 'better';
    return { ...base, verdict: 'pass', interval, improved, reason: row.direction === 'worse' ? `grew ${formatDelta(d.pct)}, within the ${floor}% floor` : d.pct === 0 ? 'unchanged' : `improved ${formatDelta(d.pct)} (exact)` };
  }
  if (row.pAdjusted === null || !decidingInterval) return { ...base, verdict: 'pass', reason: row.notes.find((n) => n.startsWith('not tested')) ?? 'not tested: not gated' };
  const p = `p=${formatP(row.test!.p)}, Holm ${formatP(row.pAdjusted)}`;
  const unit: SampleNoun = decidingInterval.method === 'paired-log-t' ? 'rounds' : sampleNoun(row.metric);
  const decision = decideInterval(decidingInterval, floor, metricSpec(row.metric).better === 'higher', unit);
  const how = decidingInterval.method === 'paired-log-t' ? `; ${decidingInterval.n} paired rounds${decidingInterval.cpuAdjusted ? ', adjusted for lost CPU' : ''}` : '';
  return {
    ...base,
    verdict: decision.verdict,
    improved: decision.improved,
    interval: decidingInterval,
    reason: `${decision.reason} (${p}${how})`,
    ...(decision.verdict === 'inconclusive' ? { samplesToDecide: decision.samplesToDecide ?? null } : {}),
  };
}

/**
 * Refuses (exit 2) when a two-sample row's sizes cannot reach the simultaneous level at all: its
 * interval could never leave the floor, so the gate could never fail. Paired rows are not refused.
 */
function assertEnoughTrials(c: Comparison, alphaText: string, paired: ReadonlySet<ComparisonRow>): void {
  const level = c.testsInFamily > 0 ? c.alpha / c.testsInFamily : c.alpha;
  const short = c.rows.filter((r) => r.test && r.pAdjusted !== null && !paired.has(r) && r.test.smallestP > level);
  if (short.length === 0) return;
  const worst = short.reduce((a, b) => (b.test!.smallestP > a.test!.smallestP ? b : a));
  const needed = trialsNeeded(level);
  const nouns = [...new Set(short.map((r) => sampleNoun(r.metric)))];
  const what = nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} and ${nouns.at(-1)}` : nouns[0]!;
  throw new UsageError(
    `too few ${what} to gate at alpha ${alphaText}: ${c.testsInFamily} tests put the simultaneous (Bonferroni) level at ${level.toPrecision(2)}, ` +
      `but ${worst.baseline!.n} vs ${worst.current!.n} ${sampleNoun(worst.metric)} can reach only p = ${worst.test!.smallestP.toPrecision(2)} ` +
      `(${where(worst)} ${metricSpec(worst.metric).label}); need at least ${needed} per side: rerun with --trials/--cold-starts ${needed} or more (baseline too), raise --alpha, or set floors off for metrics you do not gate`,
  );
}

/** Missing config fields take their defaults (gate-config.ts); labels name the files in messages. */
export function gateResults(
  baseline: ResultFile,
  current: ResultFile,
  partialConfig: GateConfigInput = {},
  labels: { baseline: string; current: string } = { baseline: 'baseline', current: 'current' },
  options: GateOptions = {},
): GateOutcome {
  const { config, metrics } = gatePlan(
    partialConfig,
    { label: labels.baseline, machine: baseline.machine, runtime: runtimeOf(baseline), layout: layoutOf(baseline) },
    { label: labels.current, machine: current.machine, runtime: runtimeOf(current), layout: layoutOf(current) },
    (reference) =>
      `${labels.baseline} and ${labels.current} come from different machines (${describeMachine(baseline.machine)} vs ${describeMachine(current.machine)}); ` +
      `raw numbers would compare the machines, not the code: rerun the baseline on this machine, or pass --allow-cross-machine to gate on ratios to ${reference}`,
  );
  const seq = sequentialOf(current);
  let sequential: GateSequential | null = null;
  if (seq) {
    sequential = { ...seq, alpha: runAlpha(seq.plan, seq.rounds, seq.stop) };
  }
  const familyAlpha = sequential ? sequential.alpha : config.alpha;
  const b: LabelledResult = { label: labels.baseline, result: baseline };
  const c: LabelledResult = { label: labels.current, result: current };
  const comparison = compareResults(b, c, { alpha: familyAlpha, reference: config.reference, metrics });
  if (comparison.rows.length === 0 && comparison.failedInCurrent.length === 0) {
    const names = (r: ResultFile): string => r.targets.map((t) => t.name).join(', ') || 'none';
    throw new UsageError(`${labels.baseline} and ${labels.current} have no targets in common to gate (baseline: ${names(baseline)}; current: ${names(current)})`);
  }
  const m = Math.max(1, comparison.testsInFamily);
  const level = 1 - familyAlpha / m;
  const pairedOn = (options.paired ?? sameRun(baseline, current)) && comparison.mode === 'direct';
  const intervals = new Map<ComparisonRow, DecidingInterval | null>();
  const pairedRows = new Set<ComparisonRow>();
  for (const row of comparison.rows) {
    if (row.pAdjusted === null) continue;
    const paired = pairedOn ? pairedInterval(row, baseline, current, level) : null;
    if (paired) pairedRows.add(row);
    intervals.set(row, paired);
  }
  const alphaText = sequential ? `${familyAlpha.toPrecision(2)} (the look after round ${sequential.rounds} of a sequential plan at alpha ${sequential.plan.alpha})` : `${familyAlpha}`;
  assertEnoughTrials(comparison, alphaText, pairedRows);
  for (const row of comparison.rows) if (row.pAdjusted !== null && !pairedRows.has(row)) intervals.set(row, mosesInterval(row, level));
  const checks = comparison.rows.map((row) => checkRow(row, config.floors[row.metric]!, intervals.get(row) ?? null));
  for (const f of comparison.failedInCurrent) {
    checks.push({ target: f.name, scenario: null, metric: null, floorPct: null, verdict: 'fail', reason: `ran in the baseline but ${f.status} in current${f.error ? `: ${f.error}` : ''}` });
  }
  const failures = checks.filter((k) => k.verdict === 'fail');
  const inconclusive = checks.filter((k) => k.verdict === 'inconclusive');
  const improved = checks.filter((k) => k.verdict === 'pass' && k.improved === true);
  const exitCode = failures.length ? EXIT_REGRESSION : inconclusive.length ? EXIT_INCONCLUSIVE : EXIT_OK;
  let power: GatePower | null = null;
  if (options.power !== false) {
    const rows: PowerRow[] = comparison.rows
      .filter((r) => r.pAdjusted !== null && r.current !== null)
      .map((r) => ({ metric: r.metric, floorPct: config.floors[r.metric]!, baseline: rowSamples(r).baseline, currentN: r.current!.n }));
    power = gatePower(rows, level);
  }
  return { exitCode, passed: failures.length === 0, config, familyAlpha, level, sequential, paired: pairedRows.size > 0, comparison, checks, failures, inconclusive, improved, power };
}

/**
 * The gate on results still growing: what a run that stops as soon as its comparisons are decided
 * calls after every round, with provisional results. Pure and cheap (no power simulation). Null
 * when the gate would refuse these results as too small to judge yet (a UsageError); other
 * UsageErrors (different machines, nothing in common) are thrown.
 */
export function gateSoFar(
  baseline: ResultFile,
  current: ResultFile,
  config: GateConfigInput = {},
  labels?: { baseline: string; current: string },
  options: Omit<GateOptions, 'power'> = {},
): GateOutcome | null {
  try {
    return gateResults(baseline, current, config, labels, { ...options, power: false });
  } catch (error) {
    if (error instanceof UsageError && error.message.startsWith('too few ')) return null;
    throw error;
  }
}

/** How many checks are still undecided (inconclusive); Infinity while the results are too small to judge (gateSoFar). */
export function gateChecksPending(baseline: ResultFile, current: ResultFile, config: GateConfigInput = {}, options: Omit<GateOptions, 'power'> = {}): number {
  return gateSoFar(baseline, current, config, undefined, options)?.inconclusive.length ?? Infinity;
}
