// How far a scenario's trials can be trusted, in words every screen uses alike: how many were clean,
// how many disturbed, and whether the clean ones were steady (bench/summarize-trials.ts decides).
import { median } from 'simple-statistics';
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';
import { cleanTrials } from '../results/clean-trials.js';

/** Why a scenario's trials back no verdict ("unstable: requests/s varies 14%…"), or undefined when they do. */
export function untrustedReason(s: ScenarioResult): string | undefined {
  const { trust, trustReason } = s.summary;
  return trust && trust !== 'ok' ? `${trust}${trustReason ? `: ${trustReason}` : ''}` : undefined;
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

/** "10/10", "10/12 (2 disturbed)", "3/8 (5 disturbed) mostly disturbed", "10/10 unstable". */
export function cleanTrialsText(s: ScenarioResult): string {
  const clean = cleanTrials(s.trials).length;
  const disturbed = s.trials.length - clean;
  const trust = s.summary.trust && s.summary.trust !== 'ok' ? ` ❔ ${s.summary.trust.replace('-', ' ')}` : '';
  return `${clean}/${s.trials.length}${disturbed > 0 ? ` (${disturbed} disturbed)` : ''}${trust}`;
}

/** Median foreign CPU (+ steal) on the server's or the load generator's cores over all trials (disturbed ones too: that is where it shows), percent. */
export function foreignCpuPct(s: ScenarioResult, group: 'serverCores' | 'loadgenCores'): number | null {
  const values = s.trials.flatMap((t) => {
    const g = t.interference?.[group];
    return g ? [g.foreignPct + g.stealPct] : [];
  });
  return values.length === 0 ? null : median(values);
}
