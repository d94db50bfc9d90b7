// What a run is asked to decide, and which of it is still open after a number of rounds: the
// claims on trial metrics (requests/s and P99 in results/claims.json, on ratios between languages
// or, on the claimed vCPUs, absolute numbers) and, with --ab or --baseline, the gate's checks.
// A comparison is pending while its interval straddles its bound and more rounds could likely
// clear it within the plan; one that no round can settle (client-bound, a centre on the bound, or
// needing far more rounds than the budget allows) does not hold the run up.
import type { ResultFile } from '../results/schema.js';
import type { ClaimsFile } from '../report/claims.js';
import { checkClaims } from '../report/claims-check.js';
import type { Verdict } from '../report/verdict.js';
import type { Pending } from './round-stopper.js';

/** The open comparisons of one kind in a provisional result; undefined samplesNeeded: not decidable by rounds. */
export type PendingCheck = (provisional: ResultFile, lastLook: number) => Pending;

/** Claims whose metric comes from trials; the others (memory, cold start, size) are fixed before the rounds. */
const PER_TRIAL = new Set(['rps', 'p99']);

function open(verdict: Verdict, lastLook: number): boolean {
  if (verdict.kind === 'no-data') return true;
  if (verdict.kind !== 'inconclusive' || !verdict.straddles) return false;
  const needed = verdict.straddles.samplesNeeded;
  return needed !== null && needed <= lastLook;
}

export function claimsPending(claims: ClaimsFile): PendingCheck {
  return (provisional, lastLook) => {
    const check = checkClaims(provisional, claims);
    const pending: string[] = [];
    let asked = 0;
    for (const row of check.rows) {
      if (!PER_TRIAL.has(row.metric)) continue;
      if (check.mode === 'absolute') {
        for (const cell of row.absolute) {
          if (!provisional.targets.some((t) => t.name === cell.target)) continue;
          asked++;
          if (open(cell.verdict, lastLook)) pending.push(`${row.metric} ${cell.target}`);
        }
      } else {
        for (const cell of row.ratios) {
          if (!cell.pair.every((name) => provisional.targets.some((t) => t.name === name && (t.status ?? 'ok') === 'ok'))) continue;
          asked++;
          if (open(cell.verdict, lastLook)) pending.push(`${row.metric} ${cell.pair.join('/')}`);
        }
      }
    }
    return { asked, pending };
  };
}

/** Several kinds of comparison at once. */
export function allPending(checks: readonly PendingCheck[]): PendingCheck {
  return (provisional, lastLook) => {
    const each = checks.map((check) => check(provisional, lastLook));
    return { asked: each.reduce((n, p) => n + p.asked, 0), pending: each.flatMap((p) => p.pending) };
  };
}
