// The LoadResult the fake load generator reports for a scripted trial: the figures exactly as
// scripted, with a real encoded HDR histogram whose percentiles are those figures, so everything
// downstream (summaries, latency curves, compare, gate) reads it as it reads a real one.
import type { LoadResult } from '../load/load-types.js';
import { encodeHistogram, newLatencyHistogram, summarizeUs } from '../load/latency-histogram.js';
import type { FakeTrialScript } from './fake-script.js';

/**
 * Out of every 10,000 responses: half at p50, the next 40% at p90, 9% at p99, 1% at max. The
 * percentiles the histogram then reports are exactly those values (p99.9 and p99.99 are max).
 */
const SHAPE = { p50: 5000, p90: 4000, p99: 900, max: 100 } as const;

function latencyHistogram(latency: FakeTrialScript['latencyUs']): { histogram: string; latencyUs: LoadResult['latencyUs'] } {
  const wanted = { p50: latency.p50, p90: latency.p90 ?? latency.p99, p99: latency.p99, max: latency.max ?? latency.p99 };
  const h = newLatencyHistogram();
  try {
    for (const key of ['p50', 'p90', 'p99', 'max'] as const) h.recordValueWithCount(wanted[key], SHAPE[key]);
    const latencyUs = summarizeUs(h);
    for (const key of ['p50', 'p90', 'p99', 'max'] as const) {
      if (latencyUs[key] !== wanted[key]) {
        throw new Error(`fake script: ${key} ${wanted[key]} µs reads back as ${latencyUs[key]} µs from a 3-significant-digit histogram; script ${latencyUs[key]} µs (or any value below 2048)`);
      }
    }
    return { histogram: encodeHistogram(h), latencyUs };
  } finally {
    h.destroy();
  }
}

/** What a load run of `durationS` reports for a scripted trial; requests/s is the script's exactly. */
export function scriptedLoadResult(trial: FakeTrialScript, durationS: number, clientCpuNs: number): LoadResult {
  const { histogram, latencyUs } = latencyHistogram(trial.latencyUs);
  return {
    durationS,
    ok: Math.round(trial.rps * durationS),
    non2xx: trial.non2xx ?? 0,
    errors: trial.errors ?? 0,
    timeouts: trial.timeouts ?? 0,
    rps: trial.rps,
    latencyUs,
    histogram,
    clientCpuNs,
  };
}

/** A load run against a server that died: every connection refused, nothing answered. */
export function refusedLoadResult(durationS: number, connections: number): LoadResult {
  const h = newLatencyHistogram();
  try {
    return { durationS, ok: 0, non2xx: 0, errors: connections, timeouts: 0, rps: 0, latencyUs: summarizeUs(h), histogram: encodeHistogram(h), clientCpuNs: 0 };
  } finally {
    h.destroy();
  }
}
