// The exact permutation distribution of a rank sum: every way to choose n1 of the N ranks is
// equally likely under the null hypothesis. Mid-ranks are multiples of 1/2, so the work is done
// on doubled ranks (integers) by dynamic programming: O(N * n1 * sum) instead of C(N, n1) subsets.

/**
 * counts[s] = number of n1-subsets of `doubledRanks` whose sum is s. Counts are doubles; they
 * stay exact up to 2^53, i.e. for every N <= 55 (C(55, 27) < 2^53).
 */
export function rankSumCounts(doubledRanks: readonly number[], n1: number): Float64Array {
  const maxSum = doubledRanks.reduce((a, b) => a + b, 0);
  const dp: Float64Array[] = Array.from({ length: n1 + 1 }, () => new Float64Array(maxSum + 1));
  dp[0]![0] = 1;
  let seen = 0;
  for (const r of doubledRanks) {
    seen++;
    for (let j = Math.min(seen, n1); j >= 1; j--) {
      const to = dp[j]!;
      const from = dp[j - 1]!;
      for (let s = maxSum; s >= r; s--) {
        const c = from[s - r]!;
        if (c !== 0) to[s] = to[s]! + c;
      }
    }
  }
  return dp[n1]!;
}

/** P(W <= w) and P(W >= w) for the doubled rank sum W of n1 elements drawn from `doubledRanks`. */
export function rankSumTails(doubledRanks: readonly number[], n1: number, w: number): { lower: number; upper: number } {
  const counts = rankSumCounts(doubledRanks, n1);
  let total = 0;
  let lower = 0;
  let upper = 0;
  for (let s = 0; s < counts.length; s++) {
    const c = counts[s]!;
    total += c;
    if (s <= w) lower += c;
    if (s >= w) upper += c;
  }
  return { lower: lower / total, upper: upper / total };
}
