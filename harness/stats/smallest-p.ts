// How small a two-sided Mann-Whitney p-value can get with n1 and n2 trials, and how many trials a
// significance level needs: with n = 4 per side p >= 0.029, n = 5: 0.0079, n = 6: 0.0022
// (METHODOLOGY.md). A gate whose level is below this can never fail, so it must refuse instead.

/** C(n, k) as a double (exact while below 2^53) */
export function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** the smallest two-sided exact p: both samples fully separated, no ties */
export function smallestTwoSidedP(n1: number, n2: number): number {
  if (n1 < 1 || n2 < 1) return 1;
  return Math.min(1, 2 / binomial(n1 + n2, n1));
}

/** the fewest trials per side (equal on both) whose smallest p reaches `level` */
export function trialsNeeded(level: number): number {
  let n = 1;
  while (smallestTwoSidedP(n, n) > level && n < 1000) n++;
  return n;
}
