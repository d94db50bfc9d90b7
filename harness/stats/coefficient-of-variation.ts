// How much repeated measurements vary relative to their size: the standard deviation over the mean.
import { mean, sampleStandardDeviation } from 'simple-statistics';

/**
 * Coefficients of variation above which a set of trials is "unstable": on a quiet 2-core VM clean
 * 4 s trials varied 2-9% in requests/s and 5-20% in P99 (docs/methodology.md).
 */
export const DEFAULT_CV_LIMITS = { rps: 0.1, p99: 0.35 } as const;

export type CvLimits = { rps: number; p99: number };

/** null with fewer than two values or a mean of zero */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values as number[]);
  return m > 0 ? sampleStandardDeviation(values as number[]) / m : null;
}
