// The one histogram shape every load worker records into and the main thread merges: microseconds,
// 1 µs to 60 s, 3 significant digits (0.1% resolution at any magnitude).
import * as hdr from 'hdr-histogram-js';
import type { LoadResult } from './load-types.js';

export const HIGHEST_TRACKABLE_US = 60_000_000;

export function newLatencyHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    useWebAssembly: false,
  });
}

/** One histogram holding every value of the encoded ones (as encodeIntoCompressedBase64 wrote them). */
export function mergeEncoded(encoded: readonly string[]): hdr.Histogram {
  const total = newLatencyHistogram();
  for (const b64 of encoded) {
    const part = hdr.decodeFromCompressedBase64(b64, 32, false);
    total.add(part);
    part.destroy();
  }
  return total;
}

/** Percentiles, max and mean in microseconds; all 0 for an empty histogram. */
export function summarizeUs(h: hdr.Histogram): LoadResult['latencyUs'] {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, max: 0, mean: 0 };
  return {
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    p999: h.getValueAtPercentile(99.9),
    p9999: h.getValueAtPercentile(99.99),
    max: h.maxValue,
    mean: h.mean,
  };
}

/** The portable form stored in results and sent between threads. */
export function encodeHistogram(h: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}
