// Several runs side by side: per scenario and target, the median requests/s and P99 of each run.
import { measure, type Measured } from '../metrics/measure.js';
import type { ResultFile } from '../results/schema.js';
import { findScenario, findTarget, scenarioNames, targetNames } from './result-lookup.js';

export interface TrendPoint {
  run: number;
  rps: Measured | null;
  p99Us: Measured | null;
  clientBound: boolean;
}

export interface TrendSeries {
  scenario: string;
  target: string;
  points: TrendPoint[];
}

/** One series per (scenario, target) present in any run; a run without it gives null values. */
export function trendSeries(results: readonly ResultFile[]): TrendSeries[] {
  const out: TrendSeries[] = [];
  for (const scenario of scenarioNames(results)) {
    for (const target of targetNames(results)) {
      const points = results.map((r, run): TrendPoint => {
        const t = findTarget(r, target);
        const s = t && findScenario(t, scenario);
        if (!t || !s || s.trials.length === 0) return { run, rps: null, p99Us: null, clientBound: false };
        return { run, rps: measure('rps', t, scenario), p99Us: measure('p99', t, scenario), clientBound: s.trials.some((tr) => tr.clientBound) };
      });
      if (points.some((p) => p.rps)) out.push({ scenario, target, points });
    }
  }
  return out;
}
