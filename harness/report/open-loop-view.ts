// What the reports read from open-loop scenarios: per target and scenario, latency against the
// offered load (one point per rate of a ladder), the rates it sustained, the SLO search's answer,
// and the common rate every target sustained. Pure, from result files; medians over clean trials.
import { cleanTrials } from '../results/clean-trials.js';
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';
import { median } from './median.js';

/** the achieved share of the offered rate at or above which a rate counts as sustained */
export const SUSTAINED_RATIO = 0.99;

export interface LoadPoint {
  /** the scenario result this point is (e.g. json@2000rps) */
  name: string;
  offeredRps: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  achievedRatio: number;
  /** errors, non-2xx, timeouts and unsent requests over the trials */
  failures: number;
  /** achieved ≥ 99% of the offered rate, no failures */
  sustained: boolean;
}

export interface SloAnswer {
  name: string;
  p99Us: number;
  maxRps: number | null;
  /** the search's probes: P99 at each rate tried */
  probes: { offeredRps: number; p99Us: number; passed: boolean }[];
  /** the trials at the rate found */
  at: LoadPoint | null;
}

export interface LoadCurve {
  target: string;
  scenario: string;
  /** the ladder (or single rate), by rate */
  points: LoadPoint[];
  slo: SloAnswer | null;
}

function point(s: ScenarioResult, offeredRps: number): LoadPoint | null {
  const trials = cleanTrials(s.trials);
  if (trials.length === 0) return null;
  const m = (f: (t: (typeof trials)[number]) => number) => median(trials.map(f));
  const achievedRatio = m((t) => t.open?.achievedRatio ?? t.rps / offeredRps);
  const failures = trials.reduce((n, t) => n + t.errors + t.non2xx + t.timeouts + (t.open?.unsent ?? 0), 0);
  return {
    name: s.name,
    offeredRps,
    p50Us: m((t) => t.latencyUs.p50),
    p99Us: m((t) => t.latencyUs.p99),
    p999Us: m((t) => t.latencyUs.p999),
    achievedRatio,
    failures,
    sustained: achievedRatio >= SUSTAINED_RATIO && failures === 0,
  };
}

/** Scenarios (as asked, without rate) that have open-loop results, in order of appearance. */
export function openLoopScenarios(result: ResultFile): string[] {
  const names: string[] = [];
  for (const t of result.targets) for (const s of t.scenarios) if (s.load?.model === 'open' && !names.includes(s.load.scenario)) names.push(s.load.scenario);
  return names;
}

export function loadCurve(target: TargetResult, scenario: string): LoadCurve {
  const points: LoadPoint[] = [];
  let slo: SloAnswer | null = null;
  for (const s of target.scenarios) {
    const load = s.load;
    if (load?.model !== 'open' || load.scenario !== scenario) continue;
    if (load.slo) {
      slo = {
        name: s.name,
        p99Us: load.slo.p99Us,
        maxRps: load.slo.maxRps,
        probes: load.slo.probes.map((p) => ({ offeredRps: p.offeredRps, p99Us: p.p99Us, passed: p.passed })),
        at: point(s, load.offeredRps),
      };
      continue;
    }
    const p = point(s, load.offeredRps);
    if (p) points.push(p);
  }
  points.sort((a, b) => a.offeredRps - b.offeredRps);
  return { target: target.name, scenario, points, slo };
}

export function loadCurves(result: ResultFile, scenario: string): LoadCurve[] {
  return result.targets.map((t) => loadCurve(t, scenario)).filter((c) => c.points.length > 0 || c.slo !== null);
}

/** The highest rate of the ladder the target sustained, or null. */
export function maxSustainedRps(curve: LoadCurve): number | null {
  const ok = curve.points.filter((p) => p.sustained);
  return ok.length > 0 ? ok[ok.length - 1]!.offeredRps : null;
}

/** The highest offered rate every given curve measured and sustained: where their P99s compare at one load. */
export function commonRate(curves: readonly LoadCurve[]): number | null {
  const withPoints = curves.filter((c) => c.points.length > 0);
  if (withPoints.length === 0) return null;
  const rates = withPoints[0]!.points.map((p) => p.offeredRps).filter((r) => withPoints.every((c) => c.points.some((p) => p.offeredRps === r && p.sustained)));
  return rates.length > 0 ? Math.max(...rates) : null;
}
