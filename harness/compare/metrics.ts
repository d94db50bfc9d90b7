// The metrics compare and gate know: where each one's samples come from in a result file, its
// unit, and which direction is better. One place, so a new metric is one entry.
import type { ScenarioResult, TargetResult } from '../results/schema.js';

export const METRIC_IDS = ['rps', 'p50', 'p99', 'p999', 'idleRss', 'peakRss', 'coldStart', 'size'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export type Unit = 'rps' | 'us' | 'bytes' | 'ms';

export interface MetricSpec {
  id: MetricId;
  label: string;
  unit: Unit;
  better: 'higher' | 'lower';
  /** per scenario (from trials) or per target */
  scope: 'scenario' | 'target';
}

export const METRICS: readonly MetricSpec[] = [
  { id: 'rps', label: 'requests/s', unit: 'rps', better: 'higher', scope: 'scenario' },
  { id: 'p50', label: 'P50', unit: 'us', better: 'lower', scope: 'scenario' },
  { id: 'p99', label: 'P99', unit: 'us', better: 'lower', scope: 'scenario' },
  { id: 'p999', label: 'P99.9', unit: 'us', better: 'lower', scope: 'scenario' },
  { id: 'peakRss', label: 'peak RSS', unit: 'bytes', better: 'lower', scope: 'scenario' },
  { id: 'idleRss', label: 'idle RSS', unit: 'bytes', better: 'lower', scope: 'target' },
  { id: 'coldStart', label: 'cold start', unit: 'ms', better: 'lower', scope: 'target' },
  { id: 'size', label: 'size', unit: 'bytes', better: 'lower', scope: 'target' },
];

export function metricSpec(id: MetricId): MetricSpec {
  return METRICS.find((m) => m.id === id)!;
}

/**
 * samples: independent repeated measurements (trials, cold starts), tested with Mann-Whitney;
 * single: one measurement per run, reported but not testable;
 * exact: deterministic (bytes on disk), compared exactly.
 */
export type SampleKind = 'samples' | 'single' | 'exact';

export interface MetricSamples {
  values: number[];
  kind: SampleKind;
}

export function metricSamples(id: MetricId, target: TargetResult, scenario: ScenarioResult | null): MetricSamples {
  const trials = scenario?.trials ?? [];
  switch (id) {
    case 'rps':
      return { values: trials.map((t) => t.rps), kind: 'samples' };
    case 'p50':
      return { values: trials.map((t) => t.latencyUs.p50), kind: 'samples' };
    case 'p99':
      return { values: trials.map((t) => t.latencyUs.p99), kind: 'samples' };
    case 'p999':
      return { values: trials.map((t) => t.latencyUs.p999), kind: 'samples' };
    case 'peakRss':
      return { values: trials.map((t) => t.peakRssBytes), kind: 'samples' };
    case 'idleRss': {
      const samples = target.memory.idleRssSamples;
      if (samples && samples.length > 0) return { values: [...samples], kind: 'samples' };
      return { values: target.memory.idleRssBytes === null ? [] : [target.memory.idleRssBytes], kind: 'single' };
    }
    case 'coldStart':
      return { values: [...target.coldStartMs.samples], kind: 'samples' };
    case 'size':
      return { values: target.sizeBytes === null ? [] : [target.sizeBytes], kind: 'exact' };
  }
}
