// The highest open-loop rate that meets a P99 target: start below the closed-loop maximum, step
// geometrically up (or down) to bracket the limit, then bisect (geometric midpoints). Pure: the
// measuring is passed in, so the search is tested with a scripted server.
import type { SloProbe } from './scenario-load.js';

export interface SloMeasurement {
  p99Us: number;
  achievedRatio: number;
  /** requests that failed: errors, non-2xx answers, and requests never sent (the pool stayed busy) */
  errors: number;
}

export interface SloSearchPlan {
  /** the P99 target, µs */
  p99Us: number;
  /** requests/s of a closed-loop probe: the server's maximum, near where the limit lies */
  closedRps: number;
  /** one open-loop run at a rate */
  measure: (rate: number) => Promise<SloMeasurement>;
  /** step factor while bracketing; default 1.5 */
  growth?: number;
  /** bisection steps after bracketing; default 4 (the bracket shrinks to growth^(1/16)) */
  refineSteps?: number;
  /** the search gives up below this rate; default 10 req/s */
  minRps?: number;
}

/** the achieved share of the offered rate below which the server did not keep up */
export const MIN_ACHIEVED_RATIO = 0.99;

export function meetsSlo(m: SloMeasurement, p99Us: number): boolean {
  return m.p99Us <= p99Us && m.achievedRatio >= MIN_ACHIEVED_RATIO && m.errors === 0;
}

/** Rates are whole requests per second: a stated load is read, compared and repeated as one. */
function whole(rate: number): number {
  return Math.max(1, Math.round(rate));
}

export async function searchSloRate(plan: SloSearchPlan): Promise<{ maxRps: number | null; probes: SloProbe[] }> {
  const growth = plan.growth ?? 1.5;
  const minRps = plan.minRps ?? 10;
  const probes: SloProbe[] = [];
  const probe = async (rate: number): Promise<boolean> => {
    const m = await plan.measure(rate);
    const passed = meetsSlo(m, plan.p99Us);
    probes.push({ offeredRps: rate, p99Us: m.p99Us, achievedRatio: m.achievedRatio, errors: m.errors, passed });
    return passed;
  };

  // bracket: lo met the target, hi did not
  let lo: number | undefined;
  let hi: number | undefined;
  let rate = whole(Math.max(minRps, plan.closedRps / 2));
  if (await probe(rate)) {
    lo = rate;
    // above the closed loop's maximum an open loop cannot keep up for long: stop stepping there
    const ceiling = Math.max(plan.closedRps * 1.5, minRps * growth);
    while (hi === undefined) {
      rate = whole(lo * growth);
      if (rate > ceiling) return { maxRps: lo, probes };
      if (await probe(rate)) lo = rate;
      else hi = rate;
    }
  } else {
    hi = rate;
    while (lo === undefined) {
      rate = whole(hi / growth);
      if (rate < minRps || rate === hi) return { maxRps: null, probes };
      if (await probe(rate)) lo = rate;
      else hi = rate;
    }
  }
  for (let i = 0; i < (plan.refineSteps ?? 4); i++) {
    const mid = whole(Math.sqrt(lo * hi));
    if (mid <= lo || mid >= hi) break;
    if (await probe(mid)) lo = mid;
    else hi = mid;
  }
  return { maxRps: lo, probes };
}
