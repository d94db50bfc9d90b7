// The result record of one target as the run fills it in, and the state the run keeps beside it.
import { median } from 'simple-statistics';
import type { MemoryHighWater, PreparedTarget, Runtime, RunningServer } from '../runtime/runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { TargetResult } from '../results/schema.js';
import type { CpuPlacement } from '../placement/cpu-placement.js';
import type { ColdStartSeries } from './cold-start-rounds.js';
import { formatCpuList } from '../placement/cpu-list.js';

export interface TargetState {
  target: LoadedTarget;
  result: TargetResult;
  prepared?: PreparedTarget;
  /** the instance that is loaded, frozen between its trials */
  server?: RunningServer;
  /** memory of the measured instance right after its first healthy answer */
  instanceIdleBytes?: number;
}

export const isOk = (state: TargetState): boolean => state.result.status === 'ok';

export function newTargetState(target: LoadedTarget, runtime: Runtime, placement: CpuPlacement): TargetState {
  const { manifest } = target;
  return {
    target,
    result: {
      name: manifest.name,
      language: manifest.language,
      framework: manifest.framework,
      runtime: runtime.kind,
      status: 'ok',
      cpus: {
        requested: placement.requested,
        granted: placement.granted,
        serverCpuset: formatCpuList(placement.serverCpus),
        loadgenCpuset: formatCpuList(placement.loadgenCpus),
      },
      sizeBytes: null,
      coldStartMs: { samples: [], median: null },
      memory: { idleRssBytes: null, peakRssBytes: null, source: runtime.memorySource },
      verification: { passed: false, failures: [] },
      scenarios: [],
    },
  };
}

/** Marks the target failed; the run goes on with the others. */
export function fail(state: TargetState, status: NonNullable<TargetResult['status']>, error: string): void {
  state.result.status = status;
  state.result.error = error;
}

/**
 * The engine is gone, so no target can be measured further: every target still running is marked
 * not measured, with the trials it ran kept, and the run goes on to write what it has.
 */
export function markNotMeasured(states: readonly TargetState[], line: string): TargetState[] {
  const marked = states.filter(isOk);
  for (const state of marked) fail(state, 'not-measured', line);
  return marked;
}

/** Cold-start samples and the idle memory of those fresh servers; the server's own start-up beside the launcher floor. */
export function recordColdStarts(state: TargetState, series: ColdStartSeries, floorMedianMs: number | null): void {
  const samples = series.samples.map((s) => s.ms);
  const createMs = series.samples.flatMap((s) => (s.createMs !== undefined ? [s.createMs] : []));
  const idle = series.samples.map((s) => s.idleBytes);
  const med = samples.length > 0 ? median(samples) : null;
  state.result.coldStartMs = {
    samples,
    median: med,
    ...(createMs.length > 0 ? { createMs } : {}),
    serverMs: med !== null && floorMedianMs !== null ? med - floorMedianMs : null,
  };
  state.result.memory.idleRssSamples = idle;
  state.result.memory.idleRssBytes = idle.length > 0 ? Math.round(median(idle)) : null;
}

/**
 * Memory of the measured instance after its trials: steady state after a pause, the kernel's
 * high-water mark, and the peak — the highest reading of any instance of the target in the run
 * (the measured one fresh, sampled under load and after load; each fresh cold-start one) and of the
 * kernel's mark where it counts the same thing, so the peak never reads below idle, after-load, or
 * a spike the 100 ms sampler missed.
 */
export function recordFinalMemory(state: TargetState, idleAfterLoadBytes: number, highWater: MemoryHighWater | null): void {
  const trials = state.result.scenarios.flatMap((s) => s.trials);
  const sampled = trials.length > 0 ? Math.max(...trials.map((t) => t.peakRssBytes)) : null;
  const memory = state.result.memory;
  memory.idleAfterLoadBytes = Math.round(idleAfterLoadBytes);
  memory.peakSampledBytes = sampled;
  memory.peakKernelBytes = highWater?.bytes ?? null;
  if (highWater) memory.peakKernelSource = highWater.source;
  const kernel = highWater?.sameMeasure ? highWater.bytes : 0;
  // every fresh instance's reading too: the table's idle is their median, and no peak may read below it
  const fresh = memory.idleRssSamples ?? [];
  memory.peakRssBytes = Math.round(Math.max(sampled ?? 0, kernel, state.instanceIdleBytes ?? 0, idleAfterLoadBytes, ...fresh));
}
