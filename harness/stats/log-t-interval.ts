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

/** Below this spread of a covariate (in log(1 − share) terms, ~0.5% of a core) there is nothing to adjust for. */
const MIN_COVARIATE_SD = 0.005;

/**
 * Fewer samples than this for one covariate keep the plain interval, and each further covariate
 * needs two more: a slope's degree of freedom costs more than it saves on few rounds.
 */
const MIN_ADJUSTED_N = 6;

/** A covariate whose mean difference between the sides exceeds this many standard errors is unbalanced. */
const BALANCE_SE = 2;
const MORE_N_PER_COVARIATE = 2;

export interface AdjustedLogTInterval extends LogTInterval {
  /** the covariates' slopes on the logs, in the order given; null when the interval is the plain one (nothing to adjust for) */
  slopes: (number | null)[] | null;
  /** the spread of the logs around the fit (the plain interval's logSd when nothing was adjusted) */
  residualSd: number;
}

/** Solves the small symmetric system m·x = v (Gaussian elimination with partial pivoting); null when singular. */
function solve(m: number[][], v: number[]): number[] | null {
  const k = v.length;
  const a = m.map((row, i) => [...row, v[i]!]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

/** The intercept's standard error needs one entry of (XᵀX)⁻¹: solve XᵀX·x = e₀. */
function interceptVarianceFactor(xtx: number[][]): number | null {
  const e0 = xtx.map((_, i) => (i === 0 ? 1 : 0));
  return solve(xtx, e0)?.[0] ?? null;
}

/**
 * The log-t interval of `values` adjusted for measured covariates (analysis of covariance): fit
 * log(value) = a + b₁·x₁ + … by least squares and give the interval of a, the value where every
 * covariate is 0, with t on n − 1 − k degrees of freedom. For per-round ratios A/B with covariates
 * log(share of a core group left to A) − log(share left to B), a is the ratio the two sides would
 * have had with the same share of their cores: the host's steal or a neighbour's work that hit one
 * side of a round harder no longer reads as a difference, and the interval narrows by what the
 * covariates explain. A covariate must not depend on what is compared (steal is the host's, foreign
 * CPU the neighbours'), so the adjustment cannot create a difference. Covariates that barely vary,
 * or that are unbalanced (one side systematically lost more: then it may depend on what is compared)
 * are dropped, and the later ones when the rounds are too few to pay for their slopes (decided on the
 * count and the covariates alone, never on the values); with none left, the plain interval.
 */
export function adjustedLogTInterval(values: readonly number[], covariates: readonly (readonly number[])[] | null, level: number): AdjustedLogTInterval | null {
  const plain = (): AdjustedLogTInterval | null => {
    const t = logTInterval(values, level);
    return t ? { ...t, slopes: null, residualSd: t.logSd } : null;
  };
  const n = values.length;
  if (covariates === null || values.some((v) => !(v > 0) || !Number.isFinite(v))) return plain();
  const sd = (xs: readonly number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  };
  // balanced: a covariate whose mean differs from 0 by more than chance (two standard errors) hits
  // one side more than the other systematically, so it may depend on what is compared (how busy a
  // server keeps its cores moves the steal they suffer); adjusting for it would extrapolate to a
  // state neither side was in and could move the answer, so it is left out
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const balanced = (c: readonly number[]): boolean => Math.abs(mean(c)) <= (BALANCE_SE * sd(c)) / Math.sqrt(c.length);
  const usable = covariates.map((c) => c.length === n && n >= 2 && c.every(Number.isFinite) && sd(c) >= MIN_COVARIATE_SD && balanced(c));
  const kept: number[] = [];
  for (let j = 0; j < covariates.length; j++) {
    if (usable[j] && n >= MIN_ADJUSTED_N + MORE_N_PER_COVARIATE * kept.length) kept.push(j);
  }
  if (kept.length === 0) return plain();
  const rows = values.map((_, i) => [1, ...kept.map((j) => covariates[j]![i]!)]);
  const logs = values.map(Math.log);
  const p = kept.length + 1;
  const xtx = Array.from({ length: p }, (_, r) => Array.from({ length: p }, (_, c) => rows.reduce((a, row) => a + row[r]! * row[c]!, 0)));
  const xty = Array.from({ length: p }, (_, r) => rows.reduce((a, row, i) => a + row[r]! * logs[i]!, 0));
  const beta = solve(xtx, xty);
  const factor = interceptVarianceFactor(xtx);
  if (beta === null || factor === null || !(factor > 0)) return plain();
  const rss = rows.reduce((a, row, i) => a + (logs[i]! - row.reduce((s, x, c) => s + x * beta[c]!, 0)) ** 2, 0);
  const df = n - p;
  const s = Math.sqrt(rss / df);
  const se = s * Math.sqrt(factor);
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  const intercept = beta[0]!;
  // logSd: the spread a plain interval of the same width would have, so samplesToReach still reads right
  const logSd = se * Math.sqrt(n);
  const slopes = covariates.map((_, j) => (kept.includes(j) ? beta[kept.indexOf(j) + 1]! : null));
  return { centre: Math.exp(intercept), low: Math.exp(intercept - half), high: Math.exp(intercept + half), level, n, logSd, slopes, residualSd: s };
}

/**
 * The covariate of one trial on one core group: log of the share of those cores left to it, after
 * the host's steal and other processes' CPU (percent of the group); null without a reading.
 */
export function shareLeftCovariate(lostPct: number | null | undefined): number | null {
  if (lostPct == null || !Number.isFinite(lostPct)) return null;
  return Math.log(Math.max(1e-3, 1 - Math.min(Math.max(lostPct, 0), 99.9) / 100));
}
