// Checks, before a benchmark runs, that its result will be gateable against a baseline: the
// baseline reads, the machine matches (or cross-machine is allowed), and the planned trials can
// reach Holm's strictest level. `langbench bench --baseline` calls it so a bad baseline costs
// seconds, not a whole run.
import { UsageError } from '../errors.js';
import { compareResults } from '../compare/compare-results.js';
import { holmFamily, isPerStart } from '../compare/holm-family.js';
import { describeMachine } from '../compare/machine-match.js';
import { metricSpec } from '../metrics/registry.js';
import { readResultFile } from '../results/read-result.js';
import type { Machine, ResultFile } from '../results/schema.js';
import { runtimeOf } from '../results/same-runtime.js';
import { layoutOf, type RunLayout } from '../results/run-layout.js';
import { smallestTwoSidedP, trialsNeeded } from '../stats/smallest-p.js';
import type { GateConfigInput } from './gate-config.js';
import { gatePlan } from './gate-plan.js';

export interface PlannedRun {
  machine: Pick<Machine, 'fingerprint' | 'cpuModel' | 'cores' | 'hostname'>;
  trials: number;
  coldStarts: number;
  /** the runtime the run will use (process, docker, fake) */
  runtime?: string;
  /** one machine or two (--docker-host and --server-address) */
  layout?: RunLayout;
}

/** Returns the parsed baseline, or throws the UsageError the gate would throw after the run. */
export function preflightGate(baselinePath: string, plan: PlannedRun, partialConfig: GateConfigInput = {}): ResultFile {
  const baseline = readResultFile(baselinePath);
  const { config, crossMachine, metrics } = gatePlan(
    partialConfig,
    { label: `--baseline ${baselinePath}`, machine: baseline.machine, runtime: runtimeOf(baseline), layout: layoutOf(baseline) },
    { label: 'this run', machine: plan.machine, runtime: plan.runtime, layout: plan.layout ?? 'one-machine' },
    (reference) =>
      `--baseline ${baselinePath} was measured on another machine (${describeMachine(baseline.machine)}; this one: ${describeMachine(plan.machine)}); ` +
      `rerun the baseline here, or allow cross-machine gating on ratios to ${reference}`,
  );
  // the family the gate will test, assuming the run measures what the baseline measured
  const self = { label: baselinePath, result: baseline };
  const c = compareResults(self, self, { alpha: config.alpha, reference: config.reference, metrics, mode: crossMachine ? 'ratio' : 'auto' });
  // The gate's family for baseline vs the planned sizes: per-start rows that cannot reach the
  // strictest level of all candidates are left out and reported, not refused.
  const candidates = c.rows.filter((row) => row.test && row.baseline);
  const plannedP = (row: (typeof candidates)[number]): number => smallestTwoSidedP(row.baseline!.n, isPerStart(row.metric) ? plan.coldStarts : plan.trials);
  const { family, level } = holmFamily(config.alpha, candidates, (row) => ({ metric: row.metric, smallestP: plannedP(row) }));
  for (const row of family) {
    const planned = isPerStart(row.metric) ? plan.coldStarts : plan.trials;
    if (plannedP(row) > level) {
      const needed = trialsNeeded(level);
      throw new UsageError(
        `--baseline ${baselinePath}: ${row.baseline!.n} baseline vs ${planned} planned ${isPerStart(row.metric) ? 'cold starts' : 'trials'} cannot reach Holm's strictest level ` +
          `${level.toPrecision(2)} (${family.length} gated tests at alpha ${config.alpha}; ${row.target} ${metricSpec(row.metric).label}); ` +
          `need at least ${needed} per side: pass ${isPerStart(row.metric) ? '--cold-starts' : '--trials'} ${needed}${row.baseline!.n < needed ? ' and rerun the baseline with as many' : ''}`,
      );
    }
  }
  return baseline;
}
