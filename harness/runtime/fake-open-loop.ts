// The fake load generator's answer at a rate: a scripted server answers up to its scripted
// requests/s; what the open loop offers beyond that goes unanswered, as a saturated server's would.
import type { LoadResult } from '../load/load-types.js';

export function atRate(result: LoadResult, rate: number | undefined): LoadResult {
  if (rate === undefined) return result;
  const rps = Math.min(result.rps, rate);
  const scheduled = Math.round(rate * result.durationS);
  const answered = Math.min(scheduled, Math.round(rps * result.durationS));
  const zero = { p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, max: 0, mean: 0 };
  return {
    ...result,
    ok: answered,
    rps,
    engine: 'socket',
    open: {
      offeredRps: rate,
      achievedRatio: rps / rate,
      scheduled,
      inFlightAtEnd: 0,
      unsent: scheduled - answered,
      connections: 1,
      queued: 0,
      serviceUs: result.latencyUs,
      serviceHistogram: result.histogram,
      lagUs: zero,
    },
  };
}
