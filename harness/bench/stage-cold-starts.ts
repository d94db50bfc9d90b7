// Stage 2: fresh starts of every target and of the launcher floor, in rounds, each timed from the
// start request to the first verified answer; the idle memory of each fresh server with it.
import { median } from 'simple-statistics';
import type { PreparedTarget } from '../runtime/runtime.js';
import type { LaunchFloor } from '../results/schema.js';
import type { BenchContext } from './bench-context.js';
import { coldStartRounds } from './cold-start-rounds.js';
import { isOk, recordColdStarts } from './target-record.js';
import { failTarget } from './lost-engine.js';

const FLOOR_KEY = '(launcher floor)';

export async function coldStartStage(ctx: BenchContext, floorPrepared: PreparedTarget | null): Promise<LaunchFloor | null> {
  const { run, options, events } = ctx;
  events.stage(`cold starts: ${options.coldStarts} per target${floorPrepared ? ' and of the launcher floor' : ''}, ${options.schedule}`);
  const startable = new Map<string, PreparedTarget>(ctx.states.filter(isOk).map((s) => [s.result.name, s.prepared!]));
  if (floorPrepared) startable.set(FLOOR_KEY, floorPrepared);
  const coldStarts = await coldStartRounds(run.runtime, startable, ctx.placement.serverCpus, options.coldStarts, { kind: options.schedule, random: ctx.random }, run.signal, (name, sample, index) =>
    events.phase(name, 'cold-start', `${index}/${options.coldStarts}: ${sample.ms.toFixed(1)} ms`),
  );
  const floorSeries = coldStarts.get(FLOOR_KEY);
  let launchFloor: LaunchFloor | null = null;
  if (floorSeries) {
    const samples = floorSeries.samples.map((s) => s.ms);
    launchFloor = { samples, median: samples.length > 0 ? median(samples) : null, what: `${run.launchFloor!.manifest.description ?? 'a server ready at once'} (${run.runtime.kind} runtime)` };
    if (floorSeries.error) ctx.warnings.push(`launcher floor failed to start: ${floorSeries.error.split('\n')[0]}`);
  }
  for (const state of ctx.states.filter(isOk)) {
    const series = coldStarts.get(state.result.name)!;
    recordColdStarts(state, series, launchFloor?.median ?? null);
    if (series.error) failTarget(ctx.states, state, 'failed-start', series.cause ?? series.error, events, 'the cold starts');
  }
  return launchFloor;
}
