// Cold starts of every target, and of the launcher floor, in rounds: one start of each per round,
// shuffled, so a slow minute of the machine is shared by all instead of landing on one target.
import type { PreparedTarget, Runtime } from '../runtime/runtime.js';
import { coldStartOnce, type ColdStartSample } from '../measure/cold-start.js';
import { slots, type ScheduleKind } from './schedule.js';

export interface ColdStartSeries {
  samples: ColdStartSample[];
  /** set when a start failed; no more starts of this one are tried */
  error?: string;
  /** the error itself, to tell the engine going away from the target failing */
  cause?: unknown;
}

export async function coldStartRounds(
  runtime: Runtime,
  prepared: ReadonlyMap<string, PreparedTarget>,
  cpus: number[],
  count: number,
  schedule: { kind: ScheduleKind; random: () => number },
  signal: AbortSignal | undefined,
  onSample: (name: string, sample: ColdStartSample, index: number) => void,
): Promise<Map<string, ColdStartSeries>> {
  const series = new Map<string, ColdStartSeries>([...prepared.keys()].map((name) => [name, { samples: [] }]));
  const wanted = (name: string): boolean => {
    const s = series.get(name)!;
    return s.error === undefined && s.samples.length < count;
  };
  for (const { key: name } of slots([...prepared.keys()], schedule.kind, schedule.random, wanted)) {
    signal?.throwIfAborted();
    const s = series.get(name)!;
    try {
      const sample = await coldStartOnce(runtime, prepared.get(name)!, cpus);
      s.samples.push(sample);
      onSample(name, sample, s.samples.length);
    } catch (error) {
      signal?.throwIfAborted();
      s.error = (error as Error).message;
      s.cause = error;
    }
  }
  return series;
}
