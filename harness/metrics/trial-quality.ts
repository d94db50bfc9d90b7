// How far a scenario's trials can be trusted, in words every screen uses alike: how many were clean,
// how many disturbed, and whether the clean ones were steady (bench/summarize-trials.ts decides).
import type { ScenarioResult } from '../results/schema.js';
import { cleanTrials } from '../results/clean-trials.js';

/** "10/10", "10/12 (2 disturbed)", "3/8 (5 disturbed) mostly disturbed", "10/10 unstable". */
export function cleanTrialsText(s: ScenarioResult): string {
  const clean = cleanTrials(s.trials).length;
  const disturbed = s.trials.length - clean;
  const trust = s.summary.trust && s.summary.trust !== 'ok' ? ` ❔ ${s.summary.trust.replace('-', ' ')}` : '';
  return `${clean}/${s.trials.length}${disturbed > 0 ? ` (${disturbed} disturbed)` : ''}${trust}`;
}

/** Median foreign CPU (+ steal) on the server's and the load generator's cores over the clean trials, percent. */
export function foreignCpuPct(s: ScenarioResult, group: 'serverCores' | 'loadgenCores'): number | null {
  const values = s.trials.flatMap((t) => {
    const g = t.interference?.[group];
    return g ? [g.foreignPct + g.stealPct] : [];
  });
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
