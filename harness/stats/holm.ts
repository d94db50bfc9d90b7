// Holm-Bonferroni step-down adjustment: controls the family-wise error rate over many metrics at
// once, uniformly more powerful than plain Bonferroni (METHODOLOGY.md, "Comparing and gating").

/**
 * Holm-adjusted p-values, in the input order: sort ascending, multiply the i-th smallest
 * (0-based) by (m - i), keep the running maximum, cap at 1. A test is significant at family-wise
 * level alpha exactly when its adjusted p <= alpha.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, index], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** the strictest level Holm applies (to the smallest p of m tests) */
export function holmStrictestLevel(alpha: number, m: number): number {
  return m > 0 ? alpha / m : alpha;
}
