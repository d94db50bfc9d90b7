// An interval for the typical value of positive, multiplicative quantities (requests/s, latency,
// per-round ratios): Student's t on their logarithms, so the centre is the geometric mean and the
// interval is symmetric in ratio terms (×1.1 and ÷1.1 alike). Why t and not the order-statistic
// interval the tables show: a distribution-free interval cannot be narrower than [min, max] at a
// level above 1 − 2/2^n, and the levels a sequential run needs (99.5% and more, stats/sequential.ts)
// would need 9+ rounds before anything could be decided; t reaches them from 3 rounds and widens
// with the data's own spread. Its coverage on real trials is checked by simulation
// (scripts/sequential-power.ts), not assumed.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { leastSquares } from './least-squares.js';

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

/** Below this spread of the covariate (in log(1 − share) terms, ~0.5% of a core) there is nothing to adjust for. */
const MIN_COVARIATE_SD = 0.005;

/** Fewer samples than this keep the plain interval: the slope's degree of freedom costs more than it saves. */
const MIN_ADJUSTED_N = 6;

/** A covariate whose mean difference between the sides exceeds this many standard errors is unbalanced. */
const BALANCE_SE = 2;

export interface AdjustedLogTInterval extends LogTInterval {
  /** the covariate's slope on the logs; null when the interval is the plain one (nothing to adjust for) */
  slope: number | null;
  /** the spread of the logs around the fit (the plain interval's logSd when nothing was adjusted) */
  residualSd: number;
}

/**
 * The log-t interval of `values` adjusted for a measured covariate (analysis of covariance): fit
 * log(value) = a + b·covariate by least squares (stats/least-squares.ts) and give the interval of a,
 * the value where the covariate is 0, with t on n − 2 degrees of freedom. For per-round ratios A/B
 * with covariate log(share of the server's cores left to A) − log(share left to B), a is the ratio
 * the two sides would have had with the same share of their cores: the host's steal or a
 * neighbour's work that hit one side of a round harder no longer reads as a difference, and the
 * interval narrows by what the covariate explains. The covariate must not depend on what is
 * compared (steal is the host's, foreign CPU the neighbours'), so the adjustment cannot create a
 * difference. Falls back to the plain interval with no covariate, fewer than 6 values, a covariate
 * that barely varies, or one that is unbalanced (one side systematically lost more: then it may
 * depend on what is compared), each decided on the count and the covariate alone, never on the values.
 */
export function adjustedLogTInterval(values: readonly number[], covariate: readonly number[] | null, level: number): AdjustedLogTInterval | null {
  const plain = (): AdjustedLogTInterval | null => {
    const t = logTInterval(values, level);
    return t ? { ...t, slope: null, residualSd: t.logSd } : null;
  };
  const n = values.length;
  if (covariate === null || n < MIN_ADJUSTED_N || covariate.length !== n || values.some((v) => !(v > 0) || !Number.isFinite(v)) || !covariate.every(Number.isFinite)) return plain();
  const mean = covariate.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(covariate.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  // balanced: a covariate whose mean differs from 0 by more than chance (two standard errors) hits
  // one side more than the other systematically, so it may depend on what is compared (how busy a
  // server keeps its cores moves the steal they suffer); adjusting for it would extrapolate to a
  // state neither side was in and could move the answer, so it is left out
  if (sd < MIN_COVARIATE_SD || Math.abs(mean) > (BALANCE_SE * sd) / Math.sqrt(n)) return plain();
  const fit = leastSquares(covariate, values.map(Math.log), level);
  if (!fit || fit.interceptStdError === null || fit.residualSd === null) return plain();
  const half = tQuantile(1 - (1 - level) / 2, n - 2) * fit.interceptStdError;
  // logSd: the spread a plain interval of the same width would have, so samplesToReach still reads right
  const logSd = fit.interceptStdError * Math.sqrt(n);
  return { centre: Math.exp(fit.intercept), low: Math.exp(fit.intercept - half), high: Math.exp(fit.intercept + half), level, n, logSd, slope: fit.slope, residualSd: fit.residualSd };
}

/**
 * The covariate of one trial on one core group: log of the share of those cores left to it, after
 * the host's steal and other processes' CPU (percent of the group); null without a reading.
 */
export function shareLeftCovariate(lostPct: number | null | undefined): number | null {
  if (lostPct == null || !Number.isFinite(lostPct)) return null;
  return Math.log(Math.max(1e-3, 1 - Math.min(Math.max(lostPct, 0), 99.9) / 100));
}
