// Delta % between two samples with a 95% interval: the Hodges-Lehmann estimate of the ratio and
// its distribution-free (Moses) interval.
//
// Why this and not a bootstrap: it is the estimate and interval that invert the Mann-Whitney test
// the gate uses, so "the interval excludes 0%" and "the test is significant" agree; it needs no
// normality, no resampling and no random seed, so it is deterministic by construction; and its
// coverage is exact, stated as achieved (with 3 trials a side the best is 90%, never "95%").
// Computed on log values, so the shift is multiplicative (a ratio): median over all pairs of
// current_j / baseline_i. With a zero or negative value the log is undefined, so the shift falls
// back to differences, expressed relative to the baseline median.
import { median } from 'simple-statistics';
import { EXACT_MAX_N } from './mann-whitney.js';
import { uNullCdf } from './u-null-distribution.js';
import { normalQuantileUpper } from './normal-cdf.js';

export interface RelativeShift {
  /** point estimate, percent: +10 means current is 10% above baseline */
  pct: number;
  low: number;
  high: number;
  /** coverage actually achieved by [low, high] */
  level: number;
  method: 'log-ratio' | 'difference';
}

/** k (1-based) such that [d(k), d(M+1-k)] covers at least `level`, and the coverage achieved */
export function mosesRank(n1: number, n2: number, level: number): { k: number; coverage: number } {
  const half = (1 - level) / 2;
  const M = n1 * n2;
  if (n1 + n2 <= EXACT_MAX_N) {
    const cdf = uNullCdf(n1, n2);
    let k = 1;
    while (k < M / 2 && cdf[k]! <= half) k++; // P(U <= k) <= half allows d(k+1)
    return { k, coverage: Math.max(0, 1 - 2 * cdf[k - 1]!) };
  }
  const z = normalQuantileUpper(half);
  const k = Math.max(1, Math.floor(M / 2 - z * Math.sqrt((M * (n1 + n2 + 1)) / 12)));
  return { k, coverage: level };
}

export function relativeShift(baseline: readonly number[], current: readonly number[], level = 0.95): RelativeShift | null {
  if (baseline.length === 0 || current.length === 0) return null;
  const useLog = [...baseline, ...current].every((v) => v > 0);
  const baseMedian = median([...baseline]);
  if (!useLog && baseMedian <= 0) return null;
  const diffs: number[] = [];
  for (const b of baseline) for (const c of current) diffs.push(useLog ? Math.log(c) - Math.log(b) : c - b);
  diffs.sort((a, b) => a - b);
  const { k, coverage } = mosesRank(baseline.length, current.length, level);
  const toPct = (d: number): number => (useLog ? (Math.exp(d) - 1) * 100 : (d / baseMedian) * 100);
  return {
    pct: toPct(median(diffs)),
    low: toPct(diffs[k - 1]!),
    high: toPct(diffs[diffs.length - k]!),
    level: Number(coverage.toFixed(4)),
    method: useLog ? 'log-ratio' : 'difference',
  };
}
