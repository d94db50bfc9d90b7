// The ordinary least-squares line of y on x, with the slope's standard error and a Student's t
// interval: how fast one quantity grows with another (bytes a server keeps per session opened),
// and how sure the fit is of it given the scatter of the points around the line.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface LinearFit {
  slope: number;
  intercept: number;
  /** standard error of the slope; null with fewer than three points (no residual degree of freedom) */
  slopeStdError: number | null;
  /** two-sided interval of the slope at `level`; null where the standard error is */
  slopeInterval: { low: number; high: number; level: number } | null;
  /** standard error of the intercept (the fitted y at x = 0); null with fewer than three points */
  interceptStdError: number | null;
  /** spread of the points around the line, on n − 2 degrees of freedom; null with fewer than three points */
  residualSd: number | null;
  n: number;
}

/** null with fewer than two points or when every x is the same (no slope to fit). */
export function leastSquares(xs: readonly number[], ys: readonly number[], level = 0.95): LinearFit | null {
  const n = xs.length;
  if (n !== ys.length) throw new Error(`leastSquares: ${n} x values against ${ys.length} y values`);
  if (n < 2) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  if (n < 3) return { slope, intercept, slopeStdError: null, slopeInterval: null, interceptStdError: null, residualSd: null, n };
  let residuals = 0;
  for (let i = 0; i < n; i++) residuals += (ys[i]! - (intercept + slope * xs[i]!)) ** 2;
  const residualSd = Math.sqrt(residuals / (n - 2));
  const slopeStdError = residualSd / Math.sqrt(sxx);
  const interceptStdError = residualSd * Math.sqrt(1 / n + (meanX * meanX) / sxx);
  const half = tQuantile(1 - (1 - level) / 2, n - 2) * slopeStdError;
  return { slope, intercept, slopeStdError, slopeInterval: { low: slope - half, high: slope + half, level }, interceptStdError, residualSd, n };
}
