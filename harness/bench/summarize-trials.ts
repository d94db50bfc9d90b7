// A scenario's summary: medians with distribution-free intervals over its clean trials (the unit
// of sample), and whether those trials can be trusted: enough of them clean, and steady enough.
import type { ScenarioSummary, Trial } from '../results/schema.js';
import { medianInterval } from '../stats/median-interval.js';
import { cleanTrials } from '../results/clean-trials.js';
import { coefficientOfVariation, DEFAULT_CV_LIMITS, type CvLimits } from '../stats/coefficient-of-variation.js';

export function summarizeTrials(trials: readonly Trial[], cvLimits: CvLimits = DEFAULT_CV_LIMITS): ScenarioSummary {
  const clean = cleanTrials(trials);
  // with nothing clean the summary still shows what was measured, marked untrustworthy
  const used = clean.length > 0 ? clean : [...trials];
  const cv = { rps: coefficientOfVariation(clean.map((t) => t.rps)), p99: coefficientOfVariation(clean.map((t) => t.latencyUs.p99)) };
  const disturbed = trials.length - clean.length;
  let trust: ScenarioSummary['trust'] = 'ok';
  let trustReason: string | undefined;
  if (clean.length * 2 < trials.length || clean.length < 2) {
    trust = 'mostly-disturbed';
    trustReason = `only ${clean.length} of ${trials.length} trials ran undisturbed`;
  } else if ((cv.rps ?? 0) > cvLimits.rps || (cv.p99 ?? 0) > cvLimits.p99) {
    trust = 'unstable';
    const over = [
      ...((cv.rps ?? 0) > cvLimits.rps ? [`requests/s varies ${pct(cv.rps!)} between trials (limit ${pct(cvLimits.rps)})`] : []),
      ...((cv.p99 ?? 0) > cvLimits.p99 ? [`P99 varies ${pct(cv.p99!)} between trials (limit ${pct(cvLimits.p99)})`] : []),
    ];
    trustReason = over.join('; ');
  }
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
    trust,
    ...(trustReason ? { trustReason } : {}),
  };
}

/** a CV as a percentage, for trust reasons (kept here: the reason is data, stored in the result) */
function pct(cv: number): string {
  return `${(cv * 100).toFixed(0)}%`;
}
