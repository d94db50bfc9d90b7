// The gate as an asked comparison: after each round, gate the run so far (against the revision
// measured in the same rounds, or against the stored baseline) at the look's level, and count the
// checks still undecided. A gate that cannot run yet (too few trials for its level) is all pending.
import type { ResultFile } from '../results/schema.js';
import type { AbTargets } from '../ab/ab-targets.js';
import type { PlannedGate } from './after-bench.js';
import type { PendingCheck } from './asked-comparisons.js';
import { splitAbResult } from '../ab/split-ab-result.js';
import { gateConfigFromOptions } from '../gate/gate-command.js';
import { gateResults } from '../gate/gate-results.js';

function pendingOf(run: () => ReturnType<typeof gateResults>, asked: number): { asked: number; pending: string[] } {
  try {
    const outcome = run();
    const name = (k: (typeof outcome.checks)[number]): string => `gate ${k.target}${k.scenario ? `/${k.scenario}` : ''}${k.metric ? ` ${k.metric}` : ''}`;
    return { asked: outcome.checks.length, pending: outcome.inconclusive.map(name) };
  } catch {
    return { asked, pending: ['gate (too few rounds for its level yet)'] };
  }
}

export function abGatePending(ab: Pick<AbTargets, 'suffix'>): PendingCheck {
  const { config } = gateConfigFromOptions({});
  return (provisional: ResultFile) => {
    const { baseline, current } = splitAbResult(provisional, ab.suffix);
    return pendingOf(() => (gateResults as (...args: unknown[]) => ReturnType<typeof gateResults>)(baseline, current, config, { baseline: 'revision', current: 'working tree' }, { paired: true }), 1);
  };
}

export function baselineGatePending(gate: PlannedGate): PendingCheck {
  return (provisional: ResultFile) => pendingOf(() => gateResults(gate.baseline, { ...provisional, machine: gate.baseline.machine, options: gate.baseline.options }, gate.config, { baseline: gate.baselinePath, current: 'this run' }), 1);
}
