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
  // the t quantile shrinks as samples come in: the smallest n whose own interval is narrow enough
  const q = 1 - (1 - current.level) / 2;
  for (let n = Math.max(2, current.n); n <= 10_000; n++) if (tQuantile(q, n - 1) * (current.logSd / Math.sqrt(n)) <= halfWidth) return n;
  return Infinity;
}

/** Below this spread of the covariate (in log(1 − steal) terms, ~0.5% steal) there is nothing to adjust for. */
const MIN_COVARIATE_SD = 0.005;

/** Fewer samples than this keep the plain interval: the slope's degree of freedom costs more than it saves. */
const MIN_ADJUSTED_N = 6;

export interface AdjustedLogTInterval extends LogTInterval {
  /** the covariate's slope on the logs; null when the interval is the plain one (nothing to adjust for) */
  slope: number | null;
}

/**
 * The log-t interval of `values` adjusted for a measured covariate (analysis of covariance): fit
 * log(value) = a + b·covariate by least squares and give the interval of a, the value where the
 * covariate is 0, with t on n − 2 degrees of freedom. For per-round ratios A/B with covariate
 * log(1 − steal_A) − log(1 − steal_B), a is the ratio the two sides would have had under the same
 * steal: the host's theft that hit one side of a round harder no longer reads as a difference,
 * and the interval narrows by what the covariate explains. The covariate must not depend on what
 * is compared (steal is the host's, not the code's), so the adjustment cannot create a difference.
 * Falls back to the plain interval with no covariate, fewer than 6 values or a covariate that
 * barely varies (decided on the count and the covariate alone, never on the values).
 */
export function adjustedLogTInterval(values: readonly number[], covariate: readonly number[] | null, level: number): AdjustedLogTInterval | null {
  const plain = (): AdjustedLogTInterval | null => {
    const t = logTInterval(values, level);
    return t ? { ...t, slope: null } : null;
  };
  const n = values.length;
  if (covariate === null || n < MIN_ADJUSTED_N || covariate.length !== n || values.some((v) => !(v > 0) || !Number.isFinite(v)) || covariate.some((c) => !Number.isFinite(c))) return plain();
  const mx = covariate.reduce((a, b) => a + b, 0) / n;
  const sxx = covariate.reduce((a, x) => a + (x - mx) ** 2, 0);
  if (Math.sqrt(sxx / (n - 1)) < MIN_COVARIATE_SD) return plain();
  const logs = values.map(Math.log);
  const my = logs.reduce((a, b) => a + b, 0) / n;
  const slope = covariate.reduce((a, x, i) => a + (x - mx) * (logs[i]! - my), 0) / sxx;
  const intercept = my - slope * mx;
  const rss = logs.reduce((a, y, i) => a + (y - intercept - slope * covariate[i]!) ** 2, 0);
  const s = Math.sqrt(rss / (n - 2));
  const se = s * Math.sqrt(1 / n + (mx * mx) / sxx);
  const half = tQuantile(1 - (1 - level) / 2, n - 2) * se;
  // logSd: the spread a plain interval of the same width would have, so samplesToReach still reads right
  const logSd = se * Math.sqrt(n);
  return { centre: Math.exp(intercept), low: Math.exp(intercept - half), high: Math.exp(intercept + half), level, n, logSd, slope };
}

/** The steal covariate of one trial: log of the share of its server cores the host left it. */
export function stealCovariate(stealPct: number | null | undefined): number | null {
  if (stealPct == null || !Number.isFinite(stealPct)) return null;
  return Math.log(Math.max(1e-3, 1 - Math.min(stealPct, 99.9) / 100));
}
