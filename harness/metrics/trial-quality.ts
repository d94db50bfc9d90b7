// How far a scenario's trials can be trusted, in words every screen uses alike: how many were clean,
// how many disturbed, and whether the clean ones were steady (bench/summarize-trials.ts decides).
import { median } from 'simple-statistics';
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';
import { cleanTrials, MIN_CLEAN_TRIALS } from '../results/clean-trials.js';

/**
 * Why a scenario's trials back no verdict, or undefined when they do: only too few clean trials for
 * an interval. Judged from the trials themselves, so a file written when a fixed CV limit voided
 * noisy trials ("unstable") reads by today's rule: its intervals decide.
 */
export function untrustedReason(s: ScenarioResult): string | undefined {
  const clean = cleanTrials(s.trials).length;
  return clean < MIN_CLEAN_TRIALS ? `mostly disturbed: only ${clean} of ${s.trials.length} trials ran without foreign work on their cores` : undefined;
}

/** Every scenario of a run whose trials back no verdict, with its target. */
export function untrustedScenarios(result: ResultFile): { target: TargetResult; scenario: ScenarioResult }[] {
  return result.targets.flatMap((target) => target.scenarios.filter((s) => untrustedReason(s) !== undefined).map((scenario) => ({ target, scenario })));
}

/** Trials of a run left out as disturbed, and all its trials. */
export function disturbedTrialCount(result: ResultFile): { disturbed: number; total: number } {
  const trials = result.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials));
  return { disturbed: trials.length - cleanTrials(trials).length, total: trials.length };
}

/** "10/10", "10/12 (2 disturbed)", "1/8 (7 disturbed) ❔ mostly disturbed". */
export function cleanTrialsText(s: ScenarioResult): string {
  const clean = cleanTrials(s.trials).length;
  const disturbed = s.trials.length - clean;
  const trust = untrustedReason(s) ? ' ❔ mostly disturbed' : '';
  return `${clean}/${s.trials.length}${disturbed > 0 ? ` (${disturbed} disturbed)` : ''}${trust}`;
}

/** Median foreign CPU on the server's or the load generator's cores over all trials (disturbed ones too: that is where it shows), percent. */
export function foreignCpuPct(s: ScenarioResult, group: 'serverCores' | 'loadgenCores'): number | null {
  return medianOf(s, (t) => t.interference?.[group]?.foreignPct);
}

/** Median steal (time the hypervisor took) on those cores over all trials, percent: recorded, never disqualifying. */
export function stealPct(s: ScenarioResult, group: 'serverCores' | 'loadgenCores'): number | null {
  return medianOf(s, (t) => t.interference?.[group]?.stealPct);
}

function medianOf(s: ScenarioResult, pick: (t: ScenarioResult['trials'][number]) => number | undefined): number | null {
  const values = s.trials.flatMap((t) => {
    const v = pick(t);
    return v === undefined ? [] : [v];
  });
  return values.length === 0 ? null : median(values);
}
