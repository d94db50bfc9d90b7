// The gate's verdict on two result files: a metric regressed when its change is significant after
// Holm-Bonferroni over all gated metrics, in the bad direction, and beyond the metric's floor
// (METHODOLOGY.md, "Comparing and gating"). Pure: no I/O, no exit; a gate that cannot be trusted
// (different machines, too few trials) throws a UsageError instead of answering.
import { EXIT_INCONCLUSIVE, EXIT_OK, EXIT_REGRESSION, UsageError } from '../errors.js';
import type { ResultFile } from '../results/schema.js';
import { compareResults, type Comparison, type ComparisonRow, type LabelledResult } from '../compare/compare-results.js';
import { describeMachine } from '../compare/machine-match.js';
import { formatDelta, formatP } from '../metrics/format.js';
import { metricSpec, type MetricId } from '../metrics/registry.js';
import { holmStrictestLevel } from '../stats/holm.js';
import { trialsNeeded } from '../stats/smallest-p.js';
import type { GateConfig, GateConfigInput } from './gate-config.js';
import { gatePlan } from './gate-plan.js';
import { runtimeOf } from '../results/same-runtime.js';
import { layoutOf } from '../results/run-layout.js';
import { untrustedReason } from '../metrics/trial-quality.js';

export interface GateCheck {
  target: string;
  scenario: string | null;
  /** null for a whole-target check (the target failed to run) */
  metric: MetricId | null;
  floorPct: number | null;
  /** inconclusive: the data on either side cannot be trusted (disturbed or unstable trials) */
  verdict: 'pass' | 'fail' | 'inconclusive';
  reason: string;
}

export interface GateOutcome {
  /** a regression wins; else inconclusive checks; input errors never get here (they throw, exit 2) */
  exitCode: typeof EXIT_OK | typeof EXIT_REGRESSION | typeof EXIT_INCONCLUSIVE;
  /** no regression found (some checks may still be inconclusive) */
  passed: boolean;
  config: GateConfig;
  comparison: Comparison;
  /** one per comparison row, same order, then one per target that failed in current */
  checks: GateCheck[];
  failures: GateCheck[];
  inconclusive: GateCheck[];
}

function sampleNoun(metric: MetricId): string {
  return metric === 'coldStart' ? 'cold starts' : metric === 'idleRss' ? 'idle RSS samples' : 'trials';
}

function where(r: { target: string; scenario: string | null }): string {
  return r.scenario ? `${r.target}/${r.scenario}` : r.target;
}

function checkRow(row: ComparisonRow, floor: number): GateCheck {
  const base = { target: row.target, scenario: row.scenario, metric: row.metric, floorPct: floor };
  const d = row.delta;
  if (!d || !row.baseline || !row.current) return { ...base, verdict: 'pass', reason: `not measured (${row.notes.join('; ') || 'no value'}): not gated` };
  if (row.kind === 'single') return { ...base, verdict: 'pass', reason: 'one measurement per run: not tested, not gated' };
  const size = Math.abs(d.pct);
  if (row.kind === 'exact') {
    if (row.direction === 'worse' && size > floor) return { ...base, verdict: 'fail', reason: `grew ${formatDelta(d.pct)}, beyond the ${floor}% floor (exact)` };
    return { ...base, verdict: 'pass', reason: row.direction === 'worse' ? `grew ${formatDelta(d.pct)}, within the ${floor}% floor` : d.pct === 0 ? 'unchanged' : `${formatDelta(d.pct)}` };
  }
  if (row.pAdjusted === null) return { ...base, verdict: 'pass', reason: row.notes.find((n) => n.startsWith('not tested')) ?? 'not tested: not gated' };
  const p = `p=${formatP(row.test!.p)}, Holm ${formatP(row.pAdjusted)}`;
  if (!row.significant) return { ...base, verdict: 'pass', reason: `not significant (${p})` };
  if (row.direction !== 'worse') return { ...base, verdict: 'pass', reason: `improved ${formatDelta(d.pct)} (${p})` };
  if (size <= floor) return { ...base, verdict: 'pass', reason: `worse ${formatDelta(d.pct)} but within the ${floor}% floor (${p})` };
  return { ...base, verdict: 'fail', reason: `regressed ${formatDelta(d.pct)} [${formatDelta(d.low)}, ${formatDelta(d.high)}] beyond the ${floor}% floor (${p})` };
}

/** Why a scenario's trials cannot back a verdict (mostly disturbed, or unstable), or null. */
function untrusted(result: ResultFile, target: string, scenario: string): string | undefined {
  const s = result.targets.find((t) => t.name === target)?.scenarios.find((x) => x.name === scenario);
  return s ? untrustedReason(s) : undefined;
}

/**
 * A tested per-scenario check on data that cannot be trusted neither passes nor fails; nor does
 * one left without a value on a side because that side's trials were all disturbed (untested for
 * lack of clean data is not a pass).
 */
function distrust(row: ComparisonRow, check: GateCheck, baseline: ResultFile, current: ResultFile, labels: { baseline: string; current: string }): GateCheck {
  const missingValue = row.baseline === null || row.current === null;
  if (check.scenario === null || check.metric === null || (check.reason.startsWith('not ') && !missingValue)) return check;
  const scenario = check.scenario;
  const why = ([[labels.baseline, baseline], [labels.current, current]] as const).flatMap(([label, result]) => {
    const reason = untrusted(result, check.target, scenario);
    return reason ? [`${label} ${reason}`] : [];
  });
  if (why.length === 0) return check;
  return { ...check, verdict: 'inconclusive', reason: `${check.reason}; inconclusive: ${why.join('; ')}: rerun on a quieter machine` };
}

/** Refuses (exit 2) when no result of these sizes could ever be significant at Holm's strictest level. */
function assertEnoughTrials(c: Comparison): void {
  const level = holmStrictestLevel(c.alpha, c.testsInFamily);
  const short = c.rows.filter((r) => r.test && r.pAdjusted !== null && r.test.smallestP > level);
  if (short.length === 0) return;
  const worst = short.reduce((a, b) => (b.test!.smallestP > a.test!.smallestP ? b : a));
  const needed = trialsNeeded(level);
  const nouns = [...new Set(short.map((r) => sampleNoun(r.metric)))];
  const what = nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} and ${nouns.at(-1)}` : nouns[0]!;
  throw new UsageError(
    `too few ${what} to gate at alpha ${c.alpha}: ${c.testsInFamily} tests put Holm's strictest level at ${level.toPrecision(2)}, ` +
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
): GateOutcome {
  const { config, metrics } = gatePlan(
    partialConfig,
    { label: labels.baseline, machine: baseline.machine, runtime: runtimeOf(baseline), layout: layoutOf(baseline) },
    { label: labels.current, machine: current.machine, runtime: runtimeOf(current), layout: layoutOf(current) },
    (reference) =>
      `${labels.baseline} and ${labels.current} come from different machines (${describeMachine(baseline.machine)} vs ${describeMachine(current.machine)}); ` +
      `raw numbers would compare the machines, not the code: rerun the baseline on this machine, or pass --allow-cross-machine to gate on ratios to ${reference}`,
  );
  const b: LabelledResult = { label: labels.baseline, result: baseline };
  const c: LabelledResult = { label: labels.current, result: current };
  const comparison = compareResults(b, c, { alpha: config.alpha, reference: config.reference, metrics });
  if (comparison.rows.length === 0 && comparison.failedInCurrent.length === 0) {
    const names = (r: ResultFile): string => r.targets.map((t) => t.name).join(', ') || 'none';
    throw new UsageError(`${labels.baseline} and ${labels.current} have no targets in common to gate (baseline: ${names(baseline)}; current: ${names(current)})`);
  }
  assertEnoughTrials(comparison);
  const checks = comparison.rows.map((row) => distrust(row, checkRow(row, config.floors[row.metric]!), baseline, current, labels));
  for (const f of comparison.failedInCurrent) {
    checks.push({ target: f.name, scenario: null, metric: null, floorPct: null, verdict: 'fail', reason: `ran in the baseline but ${f.status} in current${f.error ? `: ${f.error}` : ''}` });
  }
  const failures = checks.filter((k) => k.verdict === 'fail');
  const inconclusive = checks.filter((k) => k.verdict === 'inconclusive');
  const exitCode = failures.length ? EXIT_REGRESSION : inconclusive.length ? EXIT_INCONCLUSIVE : EXIT_OK;
  return { exitCode, passed: failures.length === 0, config, comparison, checks, failures, inconclusive };
}
