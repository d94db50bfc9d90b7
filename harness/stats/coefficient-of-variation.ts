// How much repeated measurements vary relative to their size: the standard deviation over the mean.
import { mean, sampleStandardDeviation } from 'simple-statistics';

/** null with fewer than two values or a mean of zero */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values as number[]);
  return m > 0 ? sampleStandardDeviation(values as number[]) / m : null;
}
