// What a gate will test, decided once for the gate itself (gate-results.ts) and for the check a
// bench makes before its run (preflight-gate.ts): the config with its defaults filled in, whether
// the two runs may be compared at all (same machine, or cross-machine allowed; same runtime), and
// which metrics are gated. Which of the gated tests then enter the Holm family is decided by
// compare/holm-family.ts, for both.
import { UsageError } from '../errors.js';
import { METRIC_IDS, type MetricId } from '../metrics/registry.js';
import type { Machine } from '../results/schema.js';
import { assertSameRuntime } from '../results/same-runtime.js';
import { assertSameLayout, type RunLayout } from '../results/run-layout.js';
import { defaultGateConfig, type GateConfig, type GateConfigInput } from './gate-config.js';

/** One side of a gate, named as its messages name it. */
export interface GateSide {
  label: string;
  machine: Pick<Machine, 'fingerprint'>;
  /** process, docker or fake; unknown before a run has chosen its runtime */
  runtime?: string;
  /** one machine or two (results/run-layout.ts); absent: one */
  layout?: RunLayout;
}

export interface GatePlan {
  config: GateConfig;
  /** the fingerprints differ (and cross-machine gating is allowed): the gate runs on reference ratios */
  crossMachine: boolean;
  /** metrics with a floor, in METRIC_IDS order; the others are not gated and not in the Holm family */
  metrics: MetricId[];
}

/** Missing config fields take their defaults (gate-config.ts). */
export function completeGateConfig(partial: GateConfigInput = {}): GateConfig {
  const defaults = defaultGateConfig();
  return { ...defaults, ...partial, floors: { ...defaults.floors, ...partial.floors } };
}

/**
 * Throws a UsageError when the two sides must not be gated against each other: different machines
 * without allowCrossMachine (worded by `machineRefusal`, which gets the reference target), or
 * different runtimes.
 */
export function gatePlan(partialConfig: GateConfigInput, baseline: GateSide, current: GateSide, machineRefusal: (reference: string) => string): GatePlan {
  const config = completeGateConfig(partialConfig);
  // before the machine check: even --allow-cross-machine never gates a two-machine run against a one-machine run
  assertSameLayout(baseline.label, baseline.layout ?? 'one-machine', current.label, current.layout ?? 'one-machine');
  const crossMachine = baseline.machine.fingerprint !== current.machine.fingerprint;
  if (crossMachine && !config.allowCrossMachine) throw new UsageError(machineRefusal(config.reference));
  if (baseline.runtime !== undefined && current.runtime !== undefined) assertSameRuntime(baseline.label, baseline.runtime, current.label, current.runtime);
  return { config, crossMachine, metrics: METRIC_IDS.filter((id) => config.floors[id] !== null) };
}
