// Checks, before a benchmark runs, that its result will be gateable against a baseline: the
// baseline reads, the machine matches (or cross-machine is allowed), and the planned trials can
// reach Holm's strictest level. `langbench bench --baseline` calls it so a bad baseline costs
// seconds, not a whole run.
import { UsageError } from '../errors.js';
import { compareResults } from '../compare/compare-results.js';
import { describeMachine } from '../compare/machine-match.js';
import { METRIC_IDS, metricSpec } from '../metrics/registry.js';
import { readResultFile } from '../results/read-result.js';
import type { Machine, ResultFile } from '../results/schema.js';
import { holmStrictestLevel } from '../stats/holm.js';
import { smallestTwoSidedP, trialsNeeded } from '../stats/smallest-p.js';
import { defaultGateConfig, type GateConfig, type GateConfigInput } from './gate-config.js';
import { assertSameRuntime, runtimeOf } from './same-runtime.js';

export interface PlannedRun {
  machine: Pick<Machine, 'fingerprint' | 'cpuModel' | 'cores' | 'hostname'>;
  trials: number;
  coldStarts: number;
  /** the runtime the run will use (process, docker, fake) */
  runtime?: string;
}

/** Returns the parsed baseline, or throws the UsageError the gate would throw after the run. */
export function preflightGate(baselinePath: string, plan: PlannedRun, partialConfig: GateConfigInput = {}): ResultFile {
  const defaults = defaultGateConfig();
  const config: GateConfig = { ...defaults, ...partialConfig, floors: { ...defaults.floors, ...partialConfig.floors } };
  const baseline = readResultFile(baselinePath);
  const crossMachine = baseline.machine.fingerprint !== plan.machine.fingerprint;
  if (crossMachine && !config.allowCrossMachine) {
    throw new UsageError(
      `--baseline ${baselinePath} was measured on another machine (${describeMachine(baseline.machine)}; this one: ${describeMachine(plan.machine)}); ` +
        `rerun the baseline here, or allow cross-machine gating on ratios to ${config.reference}`,
    );
  }
  if (plan.runtime !== undefined) assertSameRuntime(`--baseline ${baselinePath}`, runtimeOf(baseline), 'this run', plan.runtime);
  // the family the gate will test, assuming the run measures what the baseline measured
  const self = { label: baselinePath, result: baseline };
  const gated = METRIC_IDS.filter((id) => config.floors[id] !== null);
  const c = compareResults(self, self, { alpha: config.alpha, reference: config.reference, metrics: gated, mode: crossMachine ? 'ratio' : 'auto' });
  // The gate's family for baseline vs the planned sizes (compare-results.ts): per-start rows that
  // cannot reach the strictest level of all candidates are left out and reported, not refused.
  const perTarget = (metric: string): boolean => metric === 'coldStart' || metric === 'idleRss';
  const candidates = c.rows.filter((row) => row.test && row.baseline);
  const plannedP = (row: (typeof candidates)[number]): number => smallestTwoSidedP(row.baseline!.n, perTarget(row.metric) ? plan.coldStarts : plan.trials);
  const strictest = holmStrictestLevel(config.alpha, candidates.length);
  const family = candidates.filter((row) => !(perTarget(row.metric) && plannedP(row) > strictest));
  const level = holmStrictestLevel(config.alpha, family.length);
  for (const row of family) {
    const planned = perTarget(row.metric) ? plan.coldStarts : plan.trials;
    if (plannedP(row) > level) {
      const needed = trialsNeeded(level);
      throw new UsageError(
        `--baseline ${baselinePath}: ${row.baseline!.n} baseline vs ${planned} planned ${perTarget(row.metric) ? 'cold starts' : 'trials'} cannot reach Holm's strictest level ` +
          `${level.toPrecision(2)} (${family.length} gated tests at alpha ${config.alpha}; ${row.target} ${metricSpec(row.metric).label}); ` +
          `need at least ${needed} per side: pass ${perTarget(row.metric) ? '--cold-starts' : '--trials'} ${needed}${row.baseline!.n < needed ? ' and rerun the baseline with as many' : ''}`,
      );
    }
  }
  return baseline;
}
