// The gate as an asked comparison: after each round, gate the run so far (against the revision
// measured in the same rounds, or against the stored baseline) at the look's level, and name the
// checks still undecided that more rounds could likely decide within the plan. A gate that cannot
// run yet (too few trials for its level) is all pending.
import type { ResultFile } from '../results/schema.js';
import type { AbTargets } from '../ab/ab-targets.js';
import type { PlannedGate } from './after-bench.js';
import type { PendingCheck } from './asked-comparisons.js';
import type { Pending } from './round-stopper.js';
import type { GateOutcome } from '../gate/gate-results.js';
import { splitAbResult } from '../ab/split-ab-result.js';
import { gateConfigFromOptions } from '../gate/gate-command.js';
import { gateSoFar } from '../gate/gate-results.js';

function pendingOf(outcome: GateOutcome | null, lastLook: number): Pending {
  if (!outcome) return { asked: 1, pending: ['gate (too few rounds for its level yet)'] };
  const name = (k: GateOutcome['checks'][number]): string => `gate ${k.target}${k.scenario ? `/${k.scenario}` : ''}${k.metric ? ` ${k.metric}` : ''}`;
  // per-start metrics (cold start, idle memory) were fixed before the rounds: no round decides them
  const byRounds = outcome.inconclusive.filter((k) => k.metric !== 'coldStart' && k.metric !== 'idleRss');
  const open = byRounds.filter((k) => k.samplesToDecide === undefined || (k.samplesToDecide !== null && k.samplesToDecide <= lastLook));
  const far = byRounds.filter((k) => !open.includes(k) && k.samplesToDecide !== null).map((k) => `${name(k)} (~${k.samplesToDecide} rounds)`);
  return { asked: outcome.checks.length, pending: open.map(name), outOfReach: far };
}

export function abGatePending(ab: Pick<AbTargets, 'suffix'>): PendingCheck {
  const { config } = gateConfigFromOptions({});
  return (provisional, lastLook) => {
    const { baseline, current } = splitAbResult(provisional, ab.suffix);
    return pendingOf(gateSoFar(baseline, current, config, { baseline: 'revision', current: 'working tree' }, { paired: true }), lastLook);
  };
}

export function baselineGatePending(gate: PlannedGate): PendingCheck {
  return (provisional: ResultFile, lastLook) =>
    pendingOf(gateSoFar(gate.baseline, { ...provisional, machine: gate.baseline.machine, options: gate.baseline.options }, gate.config, { baseline: gate.baselinePath, current: 'this run' }, { paired: false }), lastLook);
}
