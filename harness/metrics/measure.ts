// What one result file measured for one metric of one target: the median of its samples with the
// distribution-free 95% interval, as every screen shows it. Pure.
import type { ScenarioResult, TargetResult } from '../results/schema.js';
import { medianInterval } from '../stats/median-interval.js';
import { formatMeasured } from './format.js';
import { metricSpec, type MetricId, type MetricSamples } from './registry.js';

/** A median with an interval; a single or exact value has low = high = median. */
export interface Measured {
  median: number;
  low: number;
  high: number;
  /** coverage of [low, high]; null for a single or exact value */
  level: number | null;
  /**
   * 'floor': the true value can only be higher (requests/s of a client-bound run: the load
   * generator ran out first); 'ceiling': it can only be lower (a ratio over a floor); 'unknown':
   * both sides were floors. Absent: the measurement stands as it is.
   */
  bound?: 'floor' | 'ceiling' | 'unknown';
}

/** At least half the trials client-bound: the median is the load generator's ceiling, not the server's. */
function clientBound(s: ScenarioResult): boolean {
  return s.trials.filter((t) => t.clientBound).length * 2 >= s.trials.length;
}

/** The median of repeated samples with its interval; one value, or an exact one, stands alone. */
export function summarize({ values, kind }: MetricSamples): Measured | null {
  if (values.length === 0) return null;
  if (kind !== 'samples' || values.length === 1) return { median: values[0]!, low: values[0]!, high: values[0]!, level: null };
  const { median, ci95 } = medianInterval(values);
  return { median, low: ci95.low, high: ci95.high, level: ci95.level };
}

/**
 * The metric for a target, in the given scenario for a per-scenario metric (ignored otherwise);
 * null when the file has no value for it.
 */
export function measure(id: MetricId, target: TargetResult, scenario: string | null): Measured | null {
  const spec = metricSpec(id);
  const s = spec.scope === 'scenario' ? (target.scenarios.find((x) => x.name === scenario) ?? null) : null;
  if (spec.scope === 'scenario' && !s) return null;
  const m = summarize(spec.samples(target, s));
  if (m && spec.floorWhenClientBound && s && clientBound(s)) m.bound = 'floor';
  return m;
}

/** measure() as every table shows it, "68.4K (67.1K–69.0K)"; null when the file has no value. */
export function measuredText(id: MetricId, target: TargetResult, scenario: string | null): string | null {
  const m = measure(id, target, scenario);
  return m ? formatMeasured(metricSpec(id).unit, m) : null;
}

/** The size as every table shows it, with what it counts: "1.92 MB (static binary)". */
export function sizeText(target: TargetResult): string | null {
  const size = measuredText('size', target, null);
  return size !== null && target.sizeKind ? `${size} (${target.sizeKind})` : size;
}
