// Stage 1: build every target (and the launcher floor), with every core, before this process pins
// itself to the load generator's cores (child builds would inherit the pinning).
import type { PreparedTarget } from '../runtime/runtime.js';
import type { BenchContext } from './bench-context.js';
import { pinSelf } from '../placement/available-cpus.js';
import { failTarget } from './lost-engine.js';

/** Builds the targets; returns the launcher floor's prepared server, or null when it is not measured. */
export async function buildStage(ctx: BenchContext): Promise<PreparedTarget | null> {
  const { run, events, log } = ctx;
  events.stage('build');
  for (const state of ctx.states) {
    run.signal?.throwIfAborted();
    // the engine went away building an earlier target: nothing more to ask it
    if (state.result.status === 'not-measured') continue;
    events.phase(state.result.name, 'build');
    try {
      state.prepared = await run.runtime.prepare(state.target, log);
      state.result.sizeBytes = state.prepared.sizeBytes;
      state.result.sizeKind = state.prepared.sizeKind;
      if (state.prepared.image) state.result.image = state.prepared.image;
    } catch (error) {
      run.signal?.throwIfAborted();
      if (failTarget(ctx.states, state, 'failed-build', error, events, 'the build')) continue;
      events.warn(`${state.result.name}: build failed, skipping it: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  let floor: PreparedTarget | null = null;
  if (run.launchFloor) {
    try {
      floor = await run.runtime.prepare(run.launchFloor, { info: () => {}, warn: log.warn });
    } catch (error) {
      run.signal?.throwIfAborted();
      const message = `launcher floor not measured (${(error as Error).message.split('\n')[0]}): cold starts are totals only`;
      events.warn(message);
      ctx.warnings.push(message);
    }
  }
  if (!ctx.placement.shared) pinSelf(ctx.placement.loadgenCpus);
  events.info(`built in ${Math.round(ctx.clock.elapsedS())} s`);
  return floor;
}
