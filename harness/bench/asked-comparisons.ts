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

/** Verdicts withheld for want of samples (one trial so far, too few clean ones): more rounds bring them. */
const TOO_FEW = /^(a single sample|mostly disturbed)/;

/** open: more rounds within the plan could decide it; out of reach: undecided, and they likely cannot; null: decided, or no round can change it (client-bound). */
function state(verdict: Verdict, lastLook: number): 'open' | 'out of reach' | null {
  if (verdict.kind === 'no-data') return 'open';
  if (verdict.kind !== 'inconclusive') return null;
  if (!verdict.straddles) return TOO_FEW.test(verdict.reason ?? '') ? 'open' : null;
  const needed = verdict.straddles.samplesNeeded;
  return needed !== null && needed <= lastLook ? 'open' : 'out of reach';
}

export function claimsPending(claims: ClaimsFile): PendingCheck {
  return (provisional, lastLook) => {
    const check = checkClaims(provisional, claims);
    const pending: string[] = [];
    const outOfReach: string[] = [];
    let asked = 0;
    const sort = (name: string, verdict: Verdict): void => {
      const s = state(verdict, lastLook);
      if (s === 'open') pending.push(name);
      else if (s === 'out of reach') outOfReach.push(`${name} (${verdict.kind === 'inconclusive' && verdict.straddles?.samplesNeeded ? `~${verdict.straddles.samplesNeeded} rounds` : 'more rounds than any budget'})`);
    };
    for (const row of check.rows) {
      if (!PER_TRIAL.has(row.metric)) continue;
      if (check.mode === 'absolute') {
        for (const cell of row.absolute) {
          if (!provisional.targets.some((t) => t.name === cell.target)) continue;
          asked++;
          sort(`${row.metric} ${cell.target}`, cell.verdict);
        }
      } else {
        for (const cell of row.ratios) {
          if (!cell.pair.every((name) => provisional.targets.some((t) => t.name === name && (t.status ?? 'ok') === 'ok'))) continue;
          asked++;
          sort(`${row.metric} ${cell.pair.join('/')}`, cell.verdict);
        }
      }
    }
    return { asked, pending, outOfReach };
  };
}

/** Several kinds of comparison at once. */
export function allPending(checks: readonly PendingCheck[]): PendingCheck {
  return (provisional, lastLook) => {
    const each = checks.map((check) => check(provisional, lastLook));
    return { asked: each.reduce((n, p) => n + p.asked, 0), pending: each.flatMap((p) => p.pending), outOfReach: each.flatMap((p) => p.outOfReach ?? []) };
  };
}
