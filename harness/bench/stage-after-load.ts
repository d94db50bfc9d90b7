// Stage 6: each target's scenario results, then the measured instance's memory after its last
// trial and a pause (steady state, the kernel's high-water mark), then every server stopped.
import type { BenchContext } from './bench-context.js';
import type { Pair } from './trial-rounds.js';
import { settle } from '../measure/cold-start.js';
import { fail, isOk, markNotMeasured, recordFinalMemory } from './target-record.js';
import { isEngineGone, worldFault } from '../faults/world-fault.js';
import { scenarioResults } from './scenario-results.js';

/** After the last trial, before the steady-state reading: long enough for buffers and GC to settle. */
const AFTER_LOAD_SETTLE_MS = 1000;

export async function afterLoadStage(ctx: BenchContext, pairs: readonly Pair[]): Promise<void> {
  const { run, events } = ctx;
  events.stage('memory after load, then stop');
  for (const state of ctx.states) {
    const server = state.server;
    if (!server) continue;
    run.signal?.throwIfAborted();
    state.result.scenarios = scenarioResults(state, pairs, ctx.options);
    if (isOk(state)) {
      try {
        await server.thaw();
        await settle(AFTER_LOAD_SETTLE_MS);
        recordFinalMemory(state, await server.memoryBytes(), await server.memoryHighWater());
      } catch (error) {
        run.signal?.throwIfAborted();
        const fault = worldFault(error);
        if (fault?.kind === 'engine-gone') markNotMeasured([state], `memory after load not measured: ${fault.line}`);
        else fail(state, 'failed', (error as Error).message);
      }
    }
    events.phase(state.result.name, 'stop');
    try {
      await server.stop();
    } catch (error) {
      // with the engine gone the container cannot be stopped now; the cleanup says so once for all
      if (!isEngineGone(error)) throw error;
    }
  }
  for (const state of ctx.states) events.targetFinished(state.result.name, state.result.status ?? 'ok', state.result.error);
}
