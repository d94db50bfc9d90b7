// The level at which a result file's verdicts are read. A run with a fixed number of trials looked
// once: 95%. A run with adaptive rounds looked at its planned looks and spent its alpha over them
// (stats/sequential.ts): its verdicts are read at the level of the look it stopped at (all that was
// left, when the budget ended it), so that stopping when an answer appeared cannot make a wrong
// answer more likely than alpha.
import type { Schedule } from '../results/schema.js';
import { runAlpha } from '../stats/sequential.js';

/** The error rate of a run that looks once. */
export const FIXED_ALPHA = 0.05;

export function verdictLevel(result: { schedule?: Schedule | undefined }): number {
  const s = result.schedule;
  if (!s?.sequential) return 1 - FIXED_ALPHA;
  const alpha = runAlpha(s.sequential, s.rounds ?? s.sequential.lastLook, s.stop?.reason);
  // no alpha left at that look: nothing may be decided
  return alpha > 0 ? 1 - alpha : 1;
}

/** Why a run's rounds stopped, as the console and the reports say it. */
export function stopReasonText(reason: NonNullable<Schedule['stop']>['reason']): string {
  return { decided: 'every asked comparison decided', budget: 'the time budget spent', 'last-look': 'the planned rounds run', fixed: 'the asked trials run', 'no-trials': 'no trial ran' }[reason];
}
