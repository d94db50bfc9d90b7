// Compares two result files metric by metric: medians with intervals, delta % with its interval,
// an exact Mann-Whitney p per metric, Holm-Bonferroni over every metric tested. Pure data in and
// out; rendering lives in render-*.ts.
import { UsageError } from '../errors.js';
import { summarize } from '../metrics/measure.js';
import { METRICS, metricSpec, type MetricId, type SampleKind } from '../metrics/registry.js';
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';
import { holmAdjust } from '../stats/holm.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { ratioToReference } from '../stats/ratio-to-reference.js';
import { relativeShift, type RelativeShift } from '../stats/relative-shift.js';
import { smallestTwoSidedP, trialsNeeded } from '../stats/smallest-p.js';
import { holmFamily } from './holm-family.js';
import { machineMatch, type MachineMatch } from './machine-match.js';
import { pairResults, type Pairing } from './pair-results.js';
import { runtimeOf } from '../results/same-runtime.js';

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_REFERENCE = 'go-nethttp';

export interface LabelledResult {
  /** how the file is named in output and messages, usually its path */
  label: string;
  result: ResultFile;
}

export interface CompareOptions {
  alpha?: number;
  reference?: string;
  /** which metrics to compare (and so which form the Holm family); default all */
  metrics?: readonly MetricId[];
  /** 'auto': ratio mode only when fingerprints differ; 'ratio': always (trends over mixed machines) */
  mode?: 'auto' | 'ratio';
}

export interface SideStats {
  n: number;
  median: number;
  low: number;
  high: number;
  /** coverage of [low, high] */
  level: number;
}

export interface RowTest {
  p: number;
  method: 'exact' | 'normal';
  /** the smallest p these sample sizes can produce */
  smallestP: number;
}

export interface ComparisonRow {
  target: string;
  scenario: string | null;
  metric: MetricId;
  kind: SampleKind;
  baseline: SideStats | null;
  current: SideStats | null;
  delta: RelativeShift | null;
  test: RowTest | null;
  /** Holm-adjusted over all tested rows of the comparison */
  pAdjusted: number | null;
  /** tested rows: pAdjusted <= alpha; exact rows: any difference; null: not tested */
  significant: boolean | null;
  direction: 'better' | 'worse' | 'same' | null;
  /** per side: the samples this row uses and how many there were before disturbed trials were left out */
  trust: { baseline: SideTrust | null; current: SideTrust | null };
  notes: string[];
}

export interface SideTrust {
  /** samples used (clean trials, or fresh starts) */
  clean: number;
  /** samples before disturbed trials were left out */
  total: number;
}

// the values each row was computed from, for the gate's intervals; kept off the row so JSON output stays small
const ROW_SAMPLES = new WeakMap<ComparisonRow, { baseline: readonly number[]; current: readonly number[] }>();

/** The sample values a row was computed from (ratios to the reference in ratio mode). */
export function rowSamples(row: ComparisonRow): { baseline: readonly number[]; current: readonly number[] } {
  return ROW_SAMPLES.get(row) ?? { baseline: [], current: [] };
}

export interface FileInfo {
  label: string;
  startedAt: string;
  gitCommit: string | null;
  langbenchVersion: string;
  /** process, docker or fake: memory, cold start and size mean different things on each */
  runtime: string;
}

export interface Comparison {
  mode: 'direct' | 'ratio';
  /** the reference target in ratio mode */
  reference: string | null;
  machines: MachineMatch;
  alpha: number;
  /** the size of the Holm family */
  testsInFamily: number;
  baseline: FileInfo;
  current: FileInfo;
  rows: ComparisonRow[];
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  /** scenarios in both files that spoke different MCP protocol revisions: not compared */
  revisionsDiffer: Pairing['revisionsDiffer'];
  failedInCurrent: Pairing['failedInCurrent'];
}

export function fileInfo(f: LabelledResult): FileInfo {
  return {
    label: f.label,
    startedAt: f.result.startedAt,
    gitCommit: f.result.langbench.gitCommit,
    langbenchVersion: f.result.langbench.version,
    runtime: runtimeOf(f.result),
  };
}

interface SideValues {
  values: number[];
  kind: SampleKind;
  stats: SideStats | null;
}

/** The median and interval every other screen shows for this metric (metrics/measure.ts). */
function directSide(metric: MetricId, target: TargetResult, scenario: ScenarioResult | null): SideValues {
  const samples = metricSpec(metric).samples(target, scenario);
  const m = summarize(samples);
  const { values, kind } = samples;
  if (!m) return { values, kind, stats: null };
  return { values, kind, stats: { n: kind === 'samples' ? values.length : 1, median: m.median, low: m.low, high: m.high, level: m.level ?? (kind === 'exact' ? 1 : 0) } };
}

function ratioSide(metric: MetricId, target: TargetResult, ref: TargetResult, scenario: ScenarioResult | null, refScenario: ScenarioResult | null): SideValues {
  const t = metricSpec(metric).samples(target, scenario);
  const r = metricSpec(metric).samples(ref, refScenario);
  const kind: SampleKind = t.kind === 'samples' && r.kind === 'samples' ? 'samples' : t.kind === 'exact' ? 'exact' : 'single';
  const ratio = ratioToReference(t.values, r.values);
  if (!ratio) return { values: [], kind, stats: null };
  if (kind !== 'samples') return { values: [ratio.ratio], kind, stats: { n: 1, median: ratio.ratio, low: ratio.ratio, high: ratio.ratio, level: kind === 'exact' ? 1 : 0 } };
  return { values: ratio.samples, kind, stats: { n: ratio.samples.length, median: ratio.ratio, low: ratio.low, high: ratio.high, level: ratio.level } };
}

function directionOf(metric: MetricId, pct: number): ComparisonRow['direction'] {
  if (pct === 0) return 'same';
  const higherIsBetter = metricSpec(metric).better === 'higher';
  return pct > 0 === higherIsBetter ? 'better' : 'worse';
}

function buildRow(target: string, scenario: string | null, metric: MetricId, b: SideValues, c: SideValues): ComparisonRow {
  const row: ComparisonRow = {
    target, scenario, metric, kind: b.kind === 'samples' && c.kind === 'samples' ? 'samples' : b.kind === 'exact' ? 'exact' : 'single',
    baseline: b.stats, current: c.stats, delta: null, test: null, pAdjusted: null, significant: null, direction: null,
    trust: { baseline: null, current: null }, notes: [],
  };
  ROW_SAMPLES.set(row, { baseline: b.values, current: c.values });
  if (!b.stats || !c.stats) {
    row.notes.push(`no ${!b.stats ? 'baseline' : 'current'} value`);
    return row;
  }
  if (row.kind === 'samples') {
    row.delta = relativeShift(b.values, c.values);
    const mw = mannWhitneyU(b.values, c.values);
    row.test = { p: mw.p, method: mw.method, smallestP: smallestTwoSidedP(b.values.length, c.values.length) };
  } else {
    const bv = b.values[0]!;
    const cv = c.values[0]!;
    // a percent of a value at or below zero (start-up beyond the launcher can be negative) means nothing: n/a, with the difference in a note
    const pct = bv === 0 && cv === 0 ? 0 : bv > 0 ? ((cv - bv) / bv) * 100 : bv === 0 ? Infinity : NaN;
    row.delta = { pct, low: pct, high: pct, level: row.kind === 'exact' ? 1 : 0, method: 'difference' };
    if (row.kind === 'exact') row.significant = cv !== bv;
    else row.notes.push('one measurement per run: not tested');
    if (Number.isNaN(pct)) row.notes.push(`the baseline is ${metricSpec(metric).format(bv)}, so no percent: the difference is ${cv >= bv ? '+' : '−'}${metricSpec(metric).format(Math.abs(cv - bv))}`);
    row.direction = directionOf(metric, cv - bv);
    return row;
  }
  if (row.delta) row.direction = directionOf(metric, row.delta.pct);
  return row;
}

function erroredTrials(s: ScenarioResult | null): number {
  return s ? s.trials.filter((t) => t.errors + t.non2xx + t.timeouts > 0).length : 0;
}

function sloScenario(sc: { baseline: ScenarioResult | null; current: ScenarioResult | null }): boolean {
  const of = (s: ScenarioResult | null): boolean => s?.load?.model === 'open' && s.load.slo !== undefined;
  return of(sc.baseline) || of(sc.current);
}

function clientBoundTrials(s: ScenarioResult | null): number {
  return s ? s.trials.filter((t) => t.clientBound).length : 0;
}

function findOkTarget(f: LabelledResult, name: string): TargetResult {
  const t = f.result.targets.find((x) => x.name === name);
  const names = f.result.targets.map((x) => x.name).join(', ');
  if (!t) throw new UsageError(`${f.label}: reference target "${name}" is not in this file (it has ${names || 'no targets'}); pass --reference with a target measured in both files`);
  if ((t.status ?? 'ok') !== 'ok') throw new UsageError(`${f.label}: reference target "${name}" did not run (${t.status}); pass --reference with another target`);
  return t;
}

/** Two files whose scenarios in common all spoke different MCP revisions leave nothing to compare. */
function refuseOnlyRevisionPairs(pairing: Pairing, baseline: LabelledResult, current: LabelledResult): void {
  if (pairing.revisionsDiffer.length === 0 || pairing.pairs.some((p) => p.scenarios.length > 0)) return;
  const differ = pairing.revisionsDiffer.map((d) => `${d.scenario} spoke ${d.baseline} in ${baseline.label}, ${d.current} in ${current.label}`).join('; ');
  throw new UsageError(`nothing to compare: every scenario the two files share spoke another MCP protocol revision in each (${differ}); compare runs of one revision`);
}

export function compareResults(baseline: LabelledResult, current: LabelledResult, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const wanted = new Set<MetricId>(options.metrics ?? METRICS.map((m) => m.id));
  const machines = machineMatch(baseline.result, current.result);
  const mode = options.mode === 'ratio' || !machines.match ? 'ratio' : 'direct';
  const reference = mode === 'ratio' ? options.reference ?? DEFAULT_REFERENCE : null;
  const refB = reference ? findOkTarget(baseline, reference) : null;
  const refC = reference ? findOkTarget(current, reference) : null;
  const pairing = pairResults(baseline.result, current.result);
  refuseOnlyRevisionPairs(pairing, baseline, current);
  const rows: ComparisonRow[] = [];

  for (const pair of pairing.pairs) {
    if (pair.name === reference) continue; // its ratio to itself is 1 by definition
    const side = (metric: MetricId, which: 'baseline' | 'current', scenario: string | null): SideValues => {
      const t = pair[which];
      const s = scenario === null ? null : t.scenarios.find((x) => x.name === scenario) ?? null;
      if (!reference) return directSide(metric, t, s);
      const ref = which === 'baseline' ? refB! : refC!;
      const rs = scenario === null ? null : ref.scenarios.find((x) => x.name === scenario) ?? null;
      if (scenario !== null && !rs) return { values: [], kind: 'samples', stats: null };
      return ratioSide(metric, t, ref, s, rs);
    };
    for (const spec of METRICS) {
      if (!wanted.has(spec.id)) continue;
      const scenarios = spec.scope === 'scenario' ? pair.scenarios.map((s) => s.name) : [null];
      for (const scenario of scenarios) {
        // an SLO scenario ran at the rate each run's search found: only that rate (rps) compares
        const slo = scenario === null ? false : sloScenario(pair.scenarios.find((s) => s.name === scenario)!);
        if (slo && spec.id !== 'rps') continue;
        const b = side(spec.id, 'baseline', scenario);
        const c = side(spec.id, 'current', scenario);
        // a metric neither file records (older files lack the newer per-run ones) is no row at all
        if (spec.per === 'run' && spec.id !== 'size' && b.values.length === 0 && c.values.length === 0) continue;
        const row = buildRow(pair.name, scenario, spec.id, b, c);
        if (row.kind === 'samples') {
          const sc = scenario === null ? null : pair.scenarios.find((s) => s.name === scenario)!;
          const total = (s: ScenarioResult | null, n: number): number => (spec.per === 'trial' && s ? Math.max(n, s.trials.length) : n);
          row.trust = {
            baseline: b.values.length || sc?.baseline ? { clean: b.values.length, total: total(sc?.baseline ?? null, b.values.length) } : null,
            current: c.values.length || sc?.current ? { clean: c.values.length, total: total(sc?.current ?? null, c.values.length) } : null,
          };
        }
        if (scenario !== null) {
          const sc = pair.scenarios.find((s) => s.name === scenario)!;
          const eb = erroredTrials(sc.baseline);
          const ec = erroredTrials(sc.current);
          if (eb + ec > 0) row.notes.push(`trials with errors: ${eb} baseline, ${ec} current`);
          if (slo) row.notes.push('the highest rate within the P99 target, as each run\'s search found it');
          if (spec.id === 'rps') {
            const cb = clientBoundTrials(sc.baseline) + clientBoundTrials(sc.current);
            if (cb > 0) row.notes.push(`${cb} client-bound trial(s): rps is a floor`);
          }
        }
        rows.push(row);
      }
    }
  }

  // a side with fewer than 2 clean samples has no spread to test against: out of the family, said so
  const tooFew = rows.filter((r) => r.test && (r.baseline!.n < 2 || r.current!.n < 2));
  for (const r of tooFew) r.notes.push(`not tested: ${r.baseline!.n} vs ${r.current!.n} clean samples; a side needs at least 2`);
  const candidates = rows.filter((r) => r.test && !tooFew.includes(r));
  const { family: tested, leftOut, candidateLevel: strictest } = holmFamily(alpha, candidates, (r) => ({ metric: r.metric, smallestP: r.test!.smallestP }));
  for (const r of leftOut) {
    r.notes.push(
      `not tested: ${r.baseline?.n ?? 0} vs ${r.current?.n ?? 0} fresh starts can reach only p = ${r.test!.smallestP.toPrecision(2)}, above Holm's strictest level ${strictest.toPrecision(2)}; use --cold-starts ${trialsNeeded(strictest)} or more on both runs to test it`,
    );
  }
  const adjusted = holmAdjust(tested.map((r) => r.test!.p));
  tested.forEach((r, i) => {
    r.pAdjusted = adjusted[i]!;
    r.significant = adjusted[i]! <= alpha;
  });

  return {
    mode, reference, machines, alpha, testsInFamily: tested.length,
    baseline: fileInfo(baseline), current: fileInfo(current), rows,
    onlyInBaseline: pairing.onlyInBaseline, onlyInCurrent: pairing.onlyInCurrent, failedInCurrent: pairing.failedInCurrent, revisionsDiffer: pairing.revisionsDiffer,
  };
}
