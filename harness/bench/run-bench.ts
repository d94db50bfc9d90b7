// The whole run, as a sequence of stages: build every target; time fresh starts in rounds; verify
// each target and start the instance to be measured (frozen while the others run); on two
// machines, the network alone; the trials in rounds until the asked comparisons are decided or the
// budget is spent; memory after load; sessions abandoned on fresh instances (only when asked);
// then the result. Each stage is a module of its own.
import type { ResultFile } from '../results/schema.js';
import type { BenchEvents } from './bench-events.js';
import { benchContext, type BenchRun } from './bench-context.js';
import { buildStage } from './stage-build.js';
import { coldStartStage } from './stage-cold-starts.js';
import { verifyStage } from './stage-verify.js';
import { networkStage } from './stage-network.js';
import { trialStage } from './stage-trials.js';
import { afterLoadStage } from './stage-after-load.js';
import { abandonedSessionStage } from './stage-abandoned-sessions.js';
import { assembleResult } from './assemble-result.js';
import { announcePlan } from './announce-plan.js';

export type { BenchRun } from './bench-context.js';

export async function runBench(run: BenchRun, events: BenchEvents): Promise<ResultFile> {
  const ctx = benchContext(run, events);
  announcePlan(ctx);
  const floor = await buildStage(ctx);
  const launchFloor = await coldStartStage(ctx, floor);
  await verifyStage(ctx);
  const network = await networkStage(ctx);
  const trials = await trialStage(ctx);
  await afterLoadStage(ctx, trials.pairs);
  await abandonedSessionStage(ctx);
  return assembleResult(ctx, { launchFloor, network, trials });
}
