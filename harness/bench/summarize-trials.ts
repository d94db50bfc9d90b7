// A scenario's summary: medians with distribution-free intervals over trials (the unit of sample).
import type { ScenarioSummary, Trial } from '../results/schema.js';
import { medianInterval } from '../stats/median-interval.js';

export function summarizeTrials(trials: readonly Trial[]): ScenarioSummary {
  return {
    rps: medianInterval(trials.map((t) => t.rps)),
    p99Us: medianInterval(trials.map((t) => t.latencyUs.p99)),
    p50Us: medianInterval(trials.map((t) => t.latencyUs.p50)),
    p999Us: medianInterval(trials.map((t) => t.latencyUs.p999)),
    clientBoundTrials: trials.filter((t) => t.clientBound).length,
    erroredTrials: trials.filter((t) => t.errors + t.non2xx + t.timeouts > 0).length,
  };
}
