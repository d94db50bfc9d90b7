// The null distribution of the Mann-Whitney U statistic without ties, as a cumulative table;
// used to pick the order statistics of the distribution-free (Moses) interval for a shift.
import { rankSumCounts } from './rank-sum-distribution.js';

/** cdf[u] = P(U <= u) for samples of n1 and n2 with no ties, u = 0..n1*n2 */
export function uNullCdf(n1: number, n2: number): number[] {
  const N = n1 + n2;
  const doubled = Array.from({ length: N }, (_, i) => 2 * (i + 1));
  const counts = rankSumCounts(doubled, n1);
  const minW = n1 * (n1 + 1); // doubled
  const total = counts.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (let u = 0; u <= n1 * n2; u++) {
    acc += counts[minW + 2 * u] ?? 0;
    cdf.push(acc / total);
  }
  return cdf;
}
