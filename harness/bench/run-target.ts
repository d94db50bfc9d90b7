// One target from source to its result: build, cold starts, verification, idle memory, scenarios.
// A failure is recorded on the target and the run goes on with the others.
import type { PreparedTarget, Runtime, RunningServer } from '../runtime/runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { ScenarioResult, TargetResult } from '../results/schema.js';
import type { CpuPlacement } from '../placement/cpu-placement.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchEvents } from './bench-events.js';
import { formatCpuList } from '../placement/cpu-list.js';
import { measureColdStarts, HEALTH_TIMEOUT_MS, IDLE_SETTLE_MS } from '../measure/cold-start.js';
import { waitHealthy } from '../measure/wait-healthy.js';
import { freePort } from '../net/free-port.js';
import { verifyContract, materializeRequest } from '../contract/verify.js';
import { runScenario } from './run-scenario.js';
import { median } from 'simple-statistics';

export interface TargetPlan {
  target: LoadedTarget;
  /** the build's outcome: what to start, or why it could not be built */
  prepared: PreparedTarget | { error: string };
  runtime: Runtime;
  placement: CpuPlacement;
  options: BenchOptions;
  fixture: ContractFixture;
  signal?: AbortSignal;
}

function emptyResult(plan: TargetPlan): TargetResult {
  const { manifest } = plan.target;
  return {
    name: manifest.name,
    language: manifest.language,
    framework: manifest.framework,
    runtime: plan.runtime.kind,
    status: 'ok',
    cpus: {
      requested: plan.placement.requested,
      granted: plan.placement.granted,
      serverCpuset: formatCpuList(plan.placement.serverCpus),
      loadgenCpuset: formatCpuList(plan.placement.loadgenCpus),
    },
    sizeBytes: null,
    coldStartMs: { samples: [], median: null },
    memory: { idleRssBytes: null, peakRssBytes: null, source: plan.runtime.memorySource },
    verification: { passed: false, failures: [] },
    scenarios: [],
  };
}

export async function runTarget(plan: TargetPlan, events: BenchEvents): Promise<TargetResult> {
  const result = emptyResult(plan);
  const name = plan.target.manifest.name;

  if ('error' in plan.prepared) return { ...result, status: 'failed-build', error: plan.prepared.error };
  const prepared = plan.prepared;
  result.sizeBytes = prepared.sizeBytes;
  result.sizeKind = prepared.sizeKind;
  if (prepared.image) result.image = prepared.image;

  const cpus = plan.placement.serverCpus;
  try {
    events.phase(name, 'cold-start', `${plan.options.coldStarts} fresh starts`);
    const cold = await measureColdStarts(plan.runtime, prepared, cpus, plan.options.coldStarts, plan.signal);
    result.coldStartMs = {
      samples: cold.samplesMs,
      median: median(cold.samplesMs),
      ...(cold.createMs.length > 0 ? { createMs: cold.createMs } : {}),
    };
    result.memory.idleRssSamples = cold.idleBytes;
  } catch (error) {
    plan.signal?.throwIfAborted();
    return { ...result, status: 'failed-start', error: (error as Error).message };
  }

  let server: RunningServer | undefined;
  try {
    server = await plan.runtime.start(prepared, { port: await freePort(), cpus });
    await waitHealthy(server.baseUrl, plan.target.manifest.healthPath, server, HEALTH_TIMEOUT_MS);

    events.phase(name, 'verify');
    result.verification = await verifyContract(server.baseUrl, plan.fixture);
    if (!result.verification.passed) {
      return { ...result, status: 'failed-verification', error: `contract verification failed: ${result.verification.failures[0]}` };
    }

    events.phase(name, 'idle-memory');
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    result.memory.idleRssBytes = Math.round(await server.memoryBytes());

    const scenarios: ScenarioResult[] = [];
    for (const scenario of plan.options.scenarios) {
      const request = materializeRequest(plan.fixture.scenarios[scenario]!);
      scenarios.push(
        await runScenario(
          server,
          {
            target: name,
            scenario,
            request,
            connections: plan.options.connections,
            durationS: plan.options.durationS,
            warmupS: plan.options.warmupS,
            trials: plan.options.trials,
            serverCores: plan.placement.granted,
            loadgenCores: plan.placement.loadgenCpus.length,
            workers: plan.placement.loadgenCpus.length,
            signal: plan.signal,
          },
          events,
        ),
      );
    }
    result.scenarios = scenarios;
    const peaks = scenarios.flatMap((s) => s.trials.map((t) => t.peakRssBytes));
    result.memory.peakRssBytes = peaks.length > 0 ? Math.max(...peaks) : null;
    return result;
  } catch (error) {
    plan.signal?.throwIfAborted();
    return { ...result, status: 'failed', error: (error as Error).message };
  } finally {
    events.phase(name, 'stop');
    await server?.stop();
  }
}
