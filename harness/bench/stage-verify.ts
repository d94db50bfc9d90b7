// Stage 3: each target verified on an instance of its own against everything the asked scenarios
// need, then one fresh instance started to be measured: its memory now is a fresh server's, and it
// is frozen until its first trial.
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { BenchContext } from './bench-context.js';
import { onFreePort } from '../net/on-free-port.js';
import { verifyContract, verifySessionScenario } from '../contract/verify.js';
import { ANY_MCP_SERVER, referenceMcpExpectations } from '../mcp/verify-mcp.js';
import { verifyMcpEndpoint } from '../mcp/verify-endpoint.js';
import { mcpEndpoints, sessionChecks, verificationFixtures, type TargetContract } from '../scenarios/target-contract.js';
import { HEALTH_TIMEOUT_MS, settle } from '../measure/cold-start.js';
import { waitHealthy } from '../measure/wait-healthy.js';
import { fail, isOk } from './target-record.js';
import { failTarget } from './lost-engine.js';

/**
 * The contract's cases are checked this many times: a target that answers right only some of the
 * time (every other body wrong) must not pass on one lucky answer, while the load, which counts
 * status codes and not bodies, would never notice.
 */
const CONTRACT_PASSES = 3;

/**
 * Everything the asked scenarios need, one list of failures: the contract's cases in scope, each
 * scenario's own request (session scenarios after their setup), and a real MCP session on every
 * MCP endpoint loaded, at the revision its scenarios speak (the reference tools and answers for a
 * reference target).
 */
async function verifyTarget(baseUrl: string, contract: TargetContract, scenarios: readonly string[], healthPath: string, reference: ContractFixture): Promise<{ passed: boolean; failures: string[] }> {
  const failures: string[] = [];
  for (let pass = 1; pass <= CONTRACT_PASSES && failures.length === 0; pass++) {
    const said = pass === 1 ? '' : `on check ${pass} of ${CONTRACT_PASSES} (the earlier ones passed): `;
    for (const fixture of verificationFixtures(contract, scenarios, healthPath)) failures.push(...(await verifyContract(baseUrl, fixture)).failures.map((f) => said + f));
  }
  for (const { check, session } of sessionChecks(contract, scenarios)) failures.push(...(await verifySessionScenario(baseUrl, check, session)));
  const expected = contract.kind === 'reference' ? referenceMcpExpectations(reference) : ANY_MCP_SERVER;
  for (const endpoint of mcpEndpoints(contract, scenarios)) failures.push(...(await verifyMcpEndpoint(baseUrl, endpoint, expected)));
  return { passed: failures.length === 0, failures };
}

export async function verifyStage(ctx: BenchContext): Promise<void> {
  const { run, events } = ctx;
  const cpus = ctx.placement.serverCpus;
  events.stage('verify: each target on an instance of its own, then one fresh instance to measure');
  for (const state of ctx.states.filter(isOk)) {
    run.signal?.throwIfAborted();
    // the engine went away verifying an earlier target
    if (!isOk(state)) continue;
    const name = state.result.name;
    const healthPath = state.target.manifest.healthPath;
    try {
      events.phase(name, 'verify');
      state.result.verification = await onFreePort(async (port) => {
        const checked = await run.runtime.start(state.prepared!, { port, cpus });
        try {
          await waitHealthy(checked.baseUrl, healthPath, checked, HEALTH_TIMEOUT_MS);
          return await verifyTarget(checked.baseUrl, ctx.contractOf(state), ctx.scenariosOf(state), healthPath, run.fixture);
        } finally {
          await checked.stop();
        }
      });
      if (!state.result.verification.passed) {
        fail(state, 'failed-verification', `contract verification failed: ${state.result.verification.failures[0]}`);
        continue;
      }
      events.phase(name, 'idle-memory');
      state.server = await onFreePort(async (port) => {
        const server = await run.runtime.start(state.prepared!, { port, cpus });
        try {
          await waitHealthy(server.baseUrl, healthPath, server, HEALTH_TIMEOUT_MS);
          return server;
        } catch (error) {
          await server.stop().catch(() => undefined);
          throw error;
        }
      });
      await settle();
      state.instanceIdleBytes = Math.round(await state.server.memoryBytes());
      await state.server.freeze();
    } catch (error) {
      run.signal?.throwIfAborted();
      await state.server?.stop().catch(() => undefined);
      failTarget(ctx.states, state, 'failed-start', error, events, 'the verification');
    }
  }
}
