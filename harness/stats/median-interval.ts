// Median and a distribution-free confidence interval for it from order statistics (the binomial
// method): no normality assumption, honest for the 5-10 trials a benchmark can afford.
import { median as ssMedian } from 'simple-statistics';
import type { Interval } from '../results/schema.js';

/** P(Binomial(n, 1/2) <= k) */
function binomialHalfCdf(n: number, k: number): number {
  let term = Math.pow(0.5, n);
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * The narrowest symmetric order-statistic interval [x(k+1), x(n-k)] whose coverage is at least
 * `level`. With too few samples to reach it (n < 6 for 95%), returns [min, max] and records the
 * coverage actually achieved, so a reader is never told 95% when it is 94% or 88%.
 */
export function medianInterval(samples: readonly number[], level = 0.95): { median: number; ci95: Interval } {
  if (samples.length === 0) throw new Error('medianInterval needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const med = ssMedian(sorted);
  let k = 0;
  // coverage of [x(k+1), x(n-k)] is 1 - 2 * P(B <= k)
  while (k + 1 < n / 2 && 1 - 2 * binomialHalfCdf(n, k + 1) >= level) k++;
  const coverage = n === 1 ? 0 : 1 - 2 * binomialHalfCdf(n, k);
  return { median: med, ci95: { low: sorted[k]!, high: sorted[n - 1 - k]!, level: Number(coverage.toFixed(4)) } };
}
