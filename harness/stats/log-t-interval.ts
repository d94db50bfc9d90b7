// An interval for the typical value of positive, multiplicative quantities (requests/s, latency,
// per-round ratios): Student's t on their logarithms, so the centre is the geometric mean and the
// interval is symmetric in ratio terms (×1.1 and ÷1.1 alike). Why t and not the order-statistic
// interval the tables show: a distribution-free interval cannot be narrower than [min, max] at a
// level above 1 − 2/2^n, and the levels a sequential run needs (99.5% and more, stats/sequential.ts)
// would need 9+ rounds before anything could be decided; t reaches them from 3 rounds and widens
// with the data's own spread. Its coverage on real trials is checked by simulation
// (scripts/sequential-power.ts), not assumed.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface LogTInterval {
  /** the geometric mean */
  centre: number;
  low: number;
  high: number;
  level: number;
  n: number;
  /** the standard deviation of the logs: the relative spread, ~ the coefficient of variation */
  logSd: number;
}

/** null with fewer than two values or any value ≤ 0 (no logarithm). */
export function logTInterval(values: readonly number[], level: number): LogTInterval | null {
  const n = values.length;
  if (n < 2 || values.some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  const logs = values.map(Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { centre: Math.exp(mean), low: Math.exp(mean - half), high: Math.exp(mean + half), level, n, logSd: sd };
}

/**
 * About how many samples an interval of this spread needs to shrink its half-width (in log terms)
 * to `halfWidth`, at the same level: the t quantile taken at the current n, so a slight overestimate.
 * Infinity when the spread is unknown.
 */
export function samplesToReach(current: LogTInterval, halfWidth: number): number {
  if (!(halfWidth > 0) || !(current.logSd >= 0)) return Infinity;
  if (current.logSd === 0) return current.n;
  const t = tQuantile(1 - (1 - current.level) / 2, Math.max(1, current.n - 1));
  return Math.ceil(((t * current.logSd) / halfWidth) ** 2);
}
