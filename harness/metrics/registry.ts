// The metrics langbench reports, compares and gates: for each, its name, unit, which direction is
// better, where its samples come from in a result file, and how a value reads. The console summary,
// the reports, compare and gate all read them from here, so a metric is one entry and reads the
// same everywhere. A change between two runs is always relative, in percent (formatDelta).
import type { ScenarioResult, TargetResult } from '../results/schema.js';
import { formatValue, type Unit } from './format.js';
import { cleanTrials } from '../results/clean-trials.js';

export const METRIC_IDS = ['rps', 'p50', 'p99', 'p999', 'idleRss', 'afterLoadRss', 'peakMemory', 'peakRss', 'coldStart', 'serverStart', 'size'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/**
 * samples: independent repeated measurements (trials, fresh starts), tested with Mann-Whitney;
 * single: one measurement per run, reported but not testable;
 * exact: deterministic (bytes on disk), compared exactly.
 */
export type SampleKind = 'samples' | 'single' | 'exact';

export interface MetricSamples {
  values: number[];
  kind: SampleKind;
}

export interface MetricSpec {
  id: MetricId;
  label: string;
  unit: Unit;
  better: 'higher' | 'lower';
  /** per scenario (from its trials) or per target */
  scope: 'scenario' | 'target';
  /** what one sample is: a load trial, a fresh start of the server, or the run itself */
  per: 'trial' | 'start' | 'run';
  /**
   * Client-bound trials cap it: the load generator ran out first, so the median is the generator's
   * ceiling and only a floor for the server.
   */
  floorWhenClientBound: boolean;
  /**
   * The CPU a trial gets moves it (throughput, latency): a trial disturbed by foreign work on its
   * cores is left out of its samples, and a mostly disturbed scenario gives it no verdict. Memory
   * is not: a neighbour's CPU does not change what the server holds, so it keeps every trial.
   */
  cpuTimed: boolean;
  /** its samples in a result file; scenario is null for a per-target metric */
  samples(target: TargetResult, scenario: ScenarioResult | null): MetricSamples;
  /** one value in this metric's unit, as every screen shows it */
  format(value: number): string;
}

const fromTrials = (pick: (t: ScenarioResult['trials'][number]) => number) => (_: TargetResult, s: ScenarioResult | null): MetricSamples => ({
  values: cleanTrials(s?.trials ?? []).map(pick),
  kind: 'samples',
});

const fromEveryTrial = (pick: (t: ScenarioResult['trials'][number]) => number) => (_: TargetResult, s: ScenarioResult | null): MetricSamples => ({
  values: (s?.trials ?? []).map(pick),
  kind: 'samples',
});

type Entry = Omit<MetricSpec, 'format' | 'floorWhenClientBound' | 'cpuTimed'> & Partial<Pick<MetricSpec, 'floorWhenClientBound' | 'cpuTimed'>>;
const metric = (e: Entry): MetricSpec => ({ floorWhenClientBound: false, cpuTimed: false, ...e, format: (v) => formatValue(e.unit, v) });

/** One sample per fresh server (what one idle instance costs); older files hold one value. */
function idleRssSamples(t: TargetResult): MetricSamples {
  const samples = t.memory.idleRssSamples;
  if (samples && samples.length > 0) return { values: [...samples], kind: 'samples' };
  return { values: t.memory.idleRssBytes == null ? [] : [t.memory.idleRssBytes], kind: 'single' };
}

/** One sample per fresh start; a file without samples still has its median, shown but not testable. */
function coldStartSamples(t: TargetResult): MetricSamples {
  if (t.coldStartMs.samples.length > 0) return { values: [...t.coldStartMs.samples], kind: 'samples' };
  return { values: t.coldStartMs.median == null ? [] : [t.coldStartMs.median], kind: 'single' };
}

/** One value per run (or none): shown and compared, never tested. */
const single = (pick: (t: TargetResult) => number | null | undefined) => (t: TargetResult): MetricSamples => {
  const value = pick(t);
  return { values: value == null ? [] : [value], kind: 'single' };
};

/** In the order compare and gate list them. */
export const METRICS: readonly MetricSpec[] = [
  metric({ id: 'rps', label: 'requests/s', unit: 'rps', better: 'higher', scope: 'scenario', per: 'trial', floorWhenClientBound: true, cpuTimed: true, samples: fromTrials((t) => t.rps) }),
  metric({ id: 'p50', label: 'P50', unit: 'us', better: 'lower', scope: 'scenario', per: 'trial', cpuTimed: true, samples: fromTrials((t) => t.latencyUs.p50) }),
  metric({ id: 'p99', label: 'P99', unit: 'us', better: 'lower', scope: 'scenario', per: 'trial', cpuTimed: true, samples: fromTrials((t) => t.latencyUs.p99) }),
  metric({ id: 'p999', label: 'P99.9', unit: 'us', better: 'lower', scope: 'scenario', per: 'trial', cpuTimed: true, samples: fromTrials((t) => t.latencyUs.p999) }),
  // each trial's highest sample of the server's memory under load: the gated memory metric
  metric({ id: 'peakRss', label: 'peak RSS per trial', unit: 'bytes', better: 'lower', scope: 'scenario', per: 'trial', samples: fromEveryTrial((t) => t.peakRssBytes) }),
  metric({ id: 'idleRss', label: 'idle RSS', unit: 'bytes', better: 'lower', scope: 'target', per: 'start', samples: idleRssSamples }),
  // the measured instance after its last trial and a pause: what a server that has worked keeps
  metric({ id: 'afterLoadRss', label: 'RSS after load', unit: 'bytes', better: 'lower', scope: 'target', per: 'run', samples: single((t) => t.memory.idleAfterLoadBytes) }),
  // the measured instance's highest memory over its life: every reading and the kernel's own mark
  metric({ id: 'peakMemory', label: 'peak RSS', unit: 'bytes', better: 'lower', scope: 'target', per: 'run', samples: single((t) => t.memory.peakRssBytes) }),
  metric({ id: 'coldStart', label: 'cold start', unit: 'ms', better: 'lower', scope: 'target', per: 'start', samples: coldStartSamples }),
  // the median cold start minus the launcher floor measured in the same run: the server's own share
  metric({ id: 'serverStart', label: 'start-up beyond the launcher', unit: 'ms', better: 'lower', scope: 'target', per: 'run', samples: single((t) => t.coldStartMs.serverMs) }),
  metric({ id: 'size', label: 'size', unit: 'bytes', better: 'lower', scope: 'target', per: 'run', samples: (t) => ({ values: t.sizeBytes == null ? [] : [t.sizeBytes], kind: 'exact' }) }),
];

export function metricSpec(id: MetricId): MetricSpec {
  const spec = METRICS.find((m) => m.id === id);
  if (!spec) throw new Error(`unknown metric ${id}`);
  return spec;
}
