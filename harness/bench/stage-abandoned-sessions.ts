// Stage 7, only when --scenarios names mcp-leak: on a fresh instance of each target with a
// session endpoint, sessions opened at a fixed rate and abandoned (harness/leak). It runs after
// every measured server has stopped, so nothing else competes for the cores, and on an instance of
// its own, so no trial's sessions or buffers are in its memory.
import type { BenchContext } from './bench-context.js';
import type { TargetState } from './target-record.js';
import type { ScenarioRequest } from '../contract/fixture-schema.js';
import { isOk } from './target-record.js';
import { freePort } from '../net/free-port.js';
import { waitHealthy } from '../measure/wait-healthy.js';
import { HEALTH_TIMEOUT_MS, settle } from '../measure/cold-start.js';
import { scenarioNames, scenarioRequest } from '../scenarios/target-contract.js';
import { requestRevision } from '../mcp/mcp-revision.js';
import { abandonedSessionPlan } from '../leak/abandoned-plan.js';
import { abandonSessions } from '../leak/abandon-sessions.js';
import { summarizeAbandoned } from '../leak/abandoned-summary.js';

/** the revision whose sessions are measured: 2026-07-28 has none */
export const ABANDONED_SESSION_REVISION = '2025-11-25';

export async function abandonedSessionStage(ctx: BenchContext): Promise<void> {
  const bounds = ctx.options.abandonedSessions;
  if (!bounds) return;
  const { run, events } = ctx;
  if (run.twoMachines) {
    ctx.warnings.push('mcp-leak: the abandoned-session measurement runs on loopback only, not on a two-machine run; not measured');
    return;
  }
  events.stage(`abandoned sessions: up to ${bounds.maxSessions} at ${bounds.ratePerS}/s, never closed, then ${bounds.idleS} s idle`);
  for (const state of ctx.states) {
    if (!isOk(state) || !state.prepared) continue;
    const scenario = sessionScenario(ctx, state);
    if (!scenario) {
      events.info(`${state.result.name}: no ${ABANDONED_SESSION_REVISION} session scenario, no abandoned-session measurement`);
      continue;
    }
    run.signal?.throwIfAborted();
    const plan = abandonedSessionPlan(scenario.request)!;
    const server = await run.runtime.start(state.prepared, { port: await freePort(), cpus: ctx.placement.serverCpus });
    try {
      await waitHealthy(server.baseUrl, state.target.manifest.healthPath, server, HEALTH_TIMEOUT_MS);
      await settle();
      events.phase(state.result.name, 'abandoned-sessions', scenario.name);
      const measured = await abandonSessions(server, plan, bounds, run.signal);
      state.result.abandonedSessions = summarizeAbandoned(measured, scenario.name, ABANDONED_SESSION_REVISION);
    } catch (error) {
      run.signal?.throwIfAborted();
      // the load figures stand; the measurement alone is missing, and the run says why
      ctx.warnings.push(`${state.result.name}: abandoned-session measurement failed: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await server.stop();
    }
  }
}

/** the target's session scenario at 2025-11-25 with a session per connection (mcp-session), if any */
function sessionScenario(ctx: BenchContext, state: TargetState): { name: string; request: ScenarioRequest } | undefined {
  const contract = ctx.contractOf(state);
  for (const name of scenarioNames(contract)) {
    const request = scenarioRequest(contract, name);
    if (request.mcp?.stateful && request.session && request.session.lifetime !== 'operation' && requestRevision(request) === ABANDONED_SESSION_REVISION) return { name, request };
  }
  return undefined;
}
