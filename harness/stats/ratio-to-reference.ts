// A target's ratio to a reference target measured in the same run (hyperfine's "relative
// speed"): the way to compare result files from different machines (METHODOLOGY.md). The machine
// speed cancels out of the ratio; its uncertainty is propagated from both medians' intervals.
import { medianInterval } from './median-interval.js';

export interface RatioToReference {
  /** median(target) / median(reference) */
  ratio: number;
  low: number;
  high: number;
  /** the lower of the two medians' achieved coverages */
  level: number;
  /**
   * per-trial ratios target[i] / reference[i] (i < the shorter length): independent draws of the
   * ratio, the samples a rank test between two files compares
   */
  samples: number[];
}

/**
 * Propagation on the log scale: relative half-widths of the two median intervals add in
 * quadrature (the first-order rule hyperfine uses for its relative-speed error), so the interval
 * is ratio * exp(+/- sqrt(u_t^2 + u_r^2)) and stays positive.
 */
export function ratioToReference(target: readonly number[], reference: readonly number[]): RatioToReference | null {
  if (target.length === 0 || reference.length === 0) return null;
  if (![...target, ...reference].every((v) => v > 0)) return null;
  const t = medianInterval(target);
  const r = medianInterval(reference);
  const halfLog = (i: { ci95: { low: number; high: number } }): number => (Math.log(i.ci95.high) - Math.log(i.ci95.low)) / 2;
  const u = Math.hypot(halfLog(t), halfLog(r));
  const ratio = t.median / r.median;
  const n = Math.min(target.length, reference.length);
  return {
    ratio,
    low: ratio * Math.exp(-u),
    high: ratio * Math.exp(u),
    level: Math.min(t.ci95.level, r.ci95.level),
    samples: Array.from({ length: n }, (_, i) => target[i]! / reference[i]!),
  };
}
