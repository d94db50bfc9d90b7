// Latency percentile curves for one scenario: per target, the median over trials of each
// percentile from p50 to p99.99 (and the spread across trials). When every trial carries its HDR
// histogram, the curve is read from the histograms at many percentiles; otherwise from the
// percentiles each trial recorded (p50, p90, p99, p99.9, and p99.99 when present).
import hdr from 'hdr-histogram-js';
import type { Trial } from '../results/schema.js';
import { median } from './median.js';

export interface CurvePoint {
  /** percentile, e.g. 99.9 */
  p: number;
  us: number;
  minUs: number;
  maxUs: number;
}

export interface LatencyCurve {
  points: CurvePoint[];
  fromHistograms: boolean;
}

const RECORDED: { p: number; key: 'p50' | 'p90' | 'p99' | 'p999' | 'p9999' }[] = [
  { p: 50, key: 'p50' },
  { p: 90, key: 'p90' },
  { p: 99, key: 'p99' },
  { p: 99.9, key: 'p999' },
  { p: 99.99, key: 'p9999' },
];

/** Percentiles evenly spaced on the log(1 / (1 - p)) axis, p50 to p99.99. */
export function densePercentiles(steps = 36): number[] {
  const x0 = Math.log10(2);
  const x1 = 4;
  const dense = Array.from({ length: steps + 1 }, (_, i) => Number((100 * (1 - 10 ** -(x0 + ((x1 - x0) * i) / steps))).toFixed(6)));
  // the recorded percentiles themselves, so the curve passes through the marked points
  return [...new Set([...dense, ...RECORDED.map((r) => r.p)])].sort((a, b) => a - b);
}

function summarize(p: number, values: number[]): CurvePoint {
  return { p, us: median(values), minUs: Math.min(...values), maxUs: Math.max(...values) };
}

/** Percentiles from each trial's histogram, or null when a trial has none or one does not decode. */
function fromHistograms(trials: readonly Trial[]): number[][] | null {
  if (trials.length === 0 || !trials.every((t) => t.histogram)) return null;
  const ps = densePercentiles();
  try {
    return trials.map((t) => {
      const h = hdr.decodeFromCompressedBase64(t.histogram!);
      const values = ps.map((p) => h.getValueAtPercentile(p));
      h.destroy();
      return values;
    });
  } catch {
    return null;
  }
}

export function latencyCurve(trials: readonly Trial[]): LatencyCurve {
  const decoded = fromHistograms(trials);
  if (decoded) {
    const ps = densePercentiles();
    return { points: ps.map((p, i) => summarize(p, decoded.map((v) => v[i]!))), fromHistograms: true };
  }
  const points = RECORDED.filter(({ key }) => trials.length > 0 && trials.every((t) => t.latencyUs[key] != null)).map(({ p, key }) =>
    summarize(p, trials.map((t) => t.latencyUs[key]!)),
  );
  return { points, fromHistograms: false };
}
