// A scenario's summary: medians with distribution-free intervals over its clean trials (the unit
// of sample), and whether there are enough clean trials for any interval at all. How much the
// clean trials vary is recorded (cv) but judges nothing: the intervals widen with it, and a
// verdict is drawn only where they are decisive (report/verdict.ts, gate/gate-results.ts).
import type { ScenarioSummary, Trial } from '../results/schema.js';
import { medianInterval } from '../stats/median-interval.js';
import { cleanTrials, MIN_CLEAN_TRIALS } from '../results/clean-trials.js';
import { coefficientOfVariation } from '../stats/coefficient-of-variation.js';

export function summarizeTrials(trials: readonly Trial[]): ScenarioSummary {
  const clean = cleanTrials(trials);
  // with nothing clean the summary still shows what was measured, marked untrustworthy
  const used = clean.length > 0 ? clean : [...trials];
  const cv = { rps: coefficientOfVariation(clean.map((t) => t.rps)), p99: coefficientOfVariation(clean.map((t) => t.latencyUs.p99)) };
  const disturbed = trials.length - clean.length;
  const enough = clean.length >= MIN_CLEAN_TRIALS;
  return {
    rps: medianInterval(used.map((t) => t.rps)),
    p99Us: medianInterval(used.map((t) => t.latencyUs.p99)),
    p50Us: medianInterval(used.map((t) => t.latencyUs.p50)),
    p999Us: medianInterval(used.map((t) => t.latencyUs.p999)),
    clientBoundTrials: used.filter((t) => t.clientBound).length,
    erroredTrials: trials.filter((t) => t.errors + t.non2xx + t.timeouts > 0).length,
    cleanTrials: clean.length,
    disturbedTrials: disturbed,
    cv,
    trust: enough ? 'ok' : 'mostly-disturbed',
    ...(enough ? {} : { trustReason: `only ${clean.length} of ${trials.length} trials ran without foreign work on their cores` }),
  };
}
