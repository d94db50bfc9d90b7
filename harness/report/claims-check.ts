// The claims check as data: every claim beside its measurement with a verdict, absolute when the
// machine matches the claim's conditions (granted vCPUs), and always on the ratios between
// languages, which transfer across machines. Renderers only format this.
import type { ResultFile } from '../results/schema.js';
import { decisive, measurePairedRatio, type Measured } from '../metrics/measure.js';
import { verdictLevel } from '../metrics/verdict-level.js';
import { metricSpec } from '../metrics/registry.js';
import { claimBand, CLAIM_MEASURED_BY, rowConditions, type Band, type Claim, type ClaimMetric, type ClaimsFile } from './claims.js';
import { findTarget } from './result-lookup.js';
import { formatRps } from '../metrics/format.js';
import { commonRate, loadCurves } from './open-loop-view.js';
import { judge, ratioBand, type Verdict } from './verdict.js';

export interface AbsoluteCell {
  target: string;
  claim: Claim;
  band: Band;
  measured: Measured | null;
  verdict: Verdict;
}

export interface RatioCell {
  pair: [string, string];
  claimed: Band;
  measured: Measured | null;
  verdict: Verdict;
}

export interface ClaimsCheckRow {
  metric: ClaimMetric;
  label: string;
  scenario: string;
  absolute: AbsoluteCell[];
  ratios: RatioCell[];
}

export interface ClaimsCheck {
  /** absolute: every claimed target ran on the claimed vCPUs; ratio: judged on ratios only */
  mode: 'absolute' | 'ratio';
  vcpus: number;
  /** granted vCPUs per target, for the explanation */
  granted: Record<string, number>;
  tolerance: number;
  rows: ClaimsCheckRow[];
  tally: Record<'agrees' | 'disagrees' | 'inconclusive' | 'no-data', number>;
  /** the level every interval of this check was read at */
  level: number;
}

/** The targets the article makes a claim about. */
function claimedTargets(claims: ClaimsFile): Set<string> {
  return new Set(claims.rows.flatMap((r) => Object.keys(r.claims)));
}

/** Whether any target the article makes a claim about ran: a run of one's own servers has no claims check. */
export function claimsApply(result: ResultFile, claims: ClaimsFile): boolean {
  const claimed = claimedTargets(claims);
  return result.targets.some((t) => claimed.has(t.name));
}

/** Sets every claim beside one result file's measurements and judges each cell. */
export function checkClaims(result: ResultFile, claims: ClaimsFile): ClaimsCheck {
  const granted: Record<string, number> = {};
  const claimed = claimedTargets(claims);
  for (const t of result.targets) if (claimed.has(t.name)) granted[t.name] = t.cpus.granted;
  const machineMatches = (vcpus: number) =>
    Object.keys(granted).length > 0 && Object.values(granted).every((g) => g === vcpus);
  const mode = machineMatches(claims.conditions.vcpus) ? 'absolute' : 'ratio';
  const tally = { agrees: 0, disagrees: 0, inconclusive: 0, 'no-data': 0 };
  const count = (v: Verdict) => {
    if (v.kind === 'agrees') tally.agrees++;
    else if (v.kind === 'higher' || v.kind === 'lower') tally.disagrees++;
    else if (v.kind === 'inconclusive') tally.inconclusive++;
    else if (v.kind === 'no-data') tally['no-data']++;
  };

  // the run's verdict level: 95% for a fixed run, the stopping look's for adaptive rounds
  const level = verdictLevel(result);
  const rows = claims.rows.map((row): ClaimsCheckRow => {
    const { vcpus, scenario: asked } = rowConditions(claims, row);
    // a P99 claim is judged at a stated load when the run has one: the open loop's common rate
    const stated = row.metric === 'p99' ? statedLoad(result, asked, Object.keys(row.claims)) : null;
    const scenario = stated?.name ?? asked;
    const absoluteJudged = machineMatches(vcpus);
    // trial metrics were looked at after every round: their level is the stopping look's; fresh
    // starts and sizes were fixed before the rounds began, so they are read at 95%
    const rowLevel = metricSpec(CLAIM_MEASURED_BY[row.metric]).per === 'trial' ? level : 0.95;
    const measuredOf = (name: string) => {
      const t = findTarget(result, name);
      return t ? decisive(CLAIM_MEASURED_BY[row.metric], t, scenario, rowLevel) : null;
    };
    const absolute = Object.entries(row.claims).map(([target, claim]): AbsoluteCell => {
      const band = claimBand(claim, row);
      const measured = measuredOf(target);
      const verdict: Verdict = !measured
        ? { kind: 'no-data' }
        : absoluteJudged
          ? judge(measured, band, claims.tolerance)
          : { kind: 'not-judged', reason: `${granted[target] ?? '?'} vCPU, not ${vcpus}` };
      if (absoluteJudged) count(verdict);
      return { target, claim, band, measured, verdict };
    });
    const ratios = claims.ratioPairs.flatMap(([a, b]): RatioCell[] => {
      const ca = row.claims[a];
      const cb = row.claims[b];
      if (!ca || !cb) return [];
      const claimedRatio = ratioBand(claimBand(ca, row), claimBand(cb, row));
      const ma = measuredOf(a);
      const mb = measuredOf(b);
      const ta = findTarget(result, a);
      const tb = findTarget(result, b);
      const metric = CLAIM_MEASURED_BY[row.metric];
      // paired rounds where the run has them; else the ratio of the two medians
      const paired = ta && tb && metricSpec(metric).scope === 'scenario' ? measurePairedRatio(metric, ta, tb, scenario, rowLevel) : null;
      const measured = paired ?? (ma && mb ? ratioOf(ma, mb) : null);
      const verdict = judge(measured, claimedRatio, claims.tolerance);
      if (!absoluteJudged) count(verdict);
      return [{ pair: [a, b], claimed: claimedRatio, measured, verdict }];
    });
    const label = stated ? `${row.label} at ${formatRps(stated.rate)} req/s offered (open loop)` : row.label;
    return { metric: row.metric, label, scenario, absolute, ratios };
  });
  return { mode, vcpus: claims.conditions.vcpus, granted, tolerance: claims.tolerance, rows, tally, level };
}

/**
 * The open-loop result of `scenario` at the highest rate every one of `targets` in the run sustained,
 * or null (no open loop, or no rate they all kept up with): latency claims compare at one load.
 */
export function statedLoad(result: ResultFile, scenario: string, targets: readonly string[]): { name: string; rate: number } | null {
  const curves = loadCurves(result, scenario).filter((c) => targets.includes(c.target));
  const rate = commonRate(curves);
  if (rate === null) return null;
  const name = curves[0]!.points.find((p) => p.offeredRps === rate)!.name;
  return { name, rate };
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
    ...(a.untrusted || b.untrusted ? { untrusted: [a.untrusted, b.untrusted].filter(Boolean).join('; ') } : {}),
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
