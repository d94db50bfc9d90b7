// The two-sided Mann-Whitney U test (Wilcoxon rank-sum), benchstat's test for benchmark trials:
// distribution-free, robust to the outliers and skew benchmark trials have (METHODOLOGY.md,
// "Comparing and gating").
//
// Small samples (n1 + n2 <= EXACT_MAX_N, every benchmark): the exact permutation distribution of
// the rank sum, ties included (mid-ranks; the distribution is conditional on the tie pattern), so
// p-values are exact at the 5-10 trials a benchmark can afford; the normal approximation is badly
// off there. Larger samples: the normal approximation with tie correction and continuity
// correction (R's wilcox.test(correct = TRUE)). `method` says which one was used.
import { midRanks } from './mid-ranks.js';
import { rankSumTails } from './rank-sum-distribution.js';
import { normalUpperTail } from './normal-cdf.js';

export const EXACT_MAX_N = 50;

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U of the first sample: pairs with x > y, plus 1/2 for each tie */
  u: number;
  /** two-sided p-value */
  p: number;
  method: 'exact' | 'normal';
  /** true when some values tie (the exact distribution then depends on the tie pattern) */
  ties: boolean;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new Error(`Mann-Whitney U needs samples on both sides (got ${n1} and ${n2})`);
  for (const v of [...x, ...y]) if (!Number.isFinite(v)) throw new Error(`Mann-Whitney U needs finite values, got ${v}`);
  const { ranks, tieSizes } = midRanks([...x, ...y]);
  const w = ranks.slice(0, n1).reduce((a, b) => a + b, 0);
  const u = w - (n1 * (n1 + 1)) / 2;
  const ties = tieSizes.length > 0;
  const N = n1 + n2;
  if (N <= EXACT_MAX_N) {
    const { lower, upper } = rankSumTails(ranks.map((r) => Math.round(r * 2)), n1, Math.round(w * 2));
    // two-sided: twice the smaller tail (benchstat, R, HypothesisTests.jl), capped at 1
    return { n1, n2, u, p: Math.min(1, 2 * Math.min(lower, upper)), method: 'exact', ties };
  }
  const mean = (n1 * n2) / 2;
  const tieTerm = tieSizes.reduce((a, t) => a + (t * t * t - t), 0) / (N * (N - 1));
  const sd = Math.sqrt(((n1 * n2) / 12) * (N + 1 - tieTerm));
  if (sd === 0) return { n1, n2, u, p: 1, method: 'normal', ties };
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / sd;
  return { n1, n2, u, p: Math.min(1, 2 * normalUpperTail(z)), method: 'normal', ties };
}
