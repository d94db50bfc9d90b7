// One scenario against one running server: warmup, then trials, each with server CPU and peak
// memory sampled alongside the load.
import type { RunningServer } from '../runtime/runtime.js';
import type { LoadOptions, LoadRequest } from '../load/load-types.js';
import type { ScenarioResult, Trial } from '../results/schema.js';
import { runLoad } from '../load/run-load.js';
import { samplePeakMemory } from '../measure/peak-sampler.js';
import { cpuPercent, isClientBound } from '../measure/client-bound.js';
import { summarizeTrials } from './summarize-trials.js';
import type { BenchEvents } from './bench-events.js';

export interface ScenarioPlan {
  target: string;
  scenario: string;
  request: LoadRequest;
  connections: number;
  durationS: number;
  warmupS: number;
  trials: number;
  serverCores: number;
  loadgenCores: number;
  workers: number;
  signal?: AbortSignal;
}

/** The same load for warmup and trials; only the duration differs. */
function loadOptions(server: RunningServer, plan: ScenarioPlan, durationS: number): LoadOptions {
  return { baseUrl: server.baseUrl, request: plan.request, connections: plan.connections, durationS, workers: plan.workers, signal: plan.signal };
}

async function runTrial(server: RunningServer, plan: ScenarioPlan, index: number, events: BenchEvents): Promise<Trial> {
  const sampler = samplePeakMemory(server);
  const serverCpuBefore = await server.cpuTimeNs();
  const load = await runLoad({
    ...loadOptions(server, plan, plan.durationS),
    onProgress: (rps) => events.trialProgress(plan.target, plan.scenario, index, plan.trials, rps),
  }).finally(() => sampler.stop());
  const serverCpuNs = (await server.cpuTimeNs()) - serverCpuBefore;
  const peakRssBytes = await sampler.stop();
  const clientCpuPct = cpuPercent(load.clientCpuNs, load.durationS, plan.loadgenCores);
  const serverCpuPct = cpuPercent(serverCpuNs, load.durationS, plan.serverCores);
  return {
    rps: load.rps,
    requests: load.ok + load.non2xx,
    durationS: load.durationS,
    latencyUs: load.latencyUs,
    histogram: load.histogram,
    errors: load.errors,
    non2xx: load.non2xx,
    timeouts: load.timeouts,
    clientCpuPct,
    serverCpuPct,
    peakRssBytes: Math.round(peakRssBytes),
    clientBound: isClientBound(clientCpuPct, serverCpuPct),
  };
}

export async function runScenario(server: RunningServer, plan: ScenarioPlan, events: BenchEvents): Promise<ScenarioResult> {
  if (plan.warmupS > 0) {
    events.phase(plan.target, 'warmup', `${plan.scenario}, ${plan.warmupS} s`);
    await runLoad(loadOptions(server, plan, plan.warmupS));
  }
  const trials: Trial[] = [];
  for (let i = 1; i <= plan.trials; i++) {
    events.phase(plan.target, 'trial', `${plan.scenario} ${i}/${plan.trials}`);
    const trial = await runTrial(server, plan, i, events);
    const exited = server.exitReason();
    if (exited !== undefined) throw new Error(`${plan.target} died during ${plan.scenario} trial ${i} (${exited}); last output:\n${server.outputTail()}`);
    trials.push(trial);
    events.trialFinished(plan.target, plan.scenario, i, plan.trials, trial.rps, trial.latencyUs.p99, trial.clientBound);
  }
  return {
    name: plan.scenario,
    request: { method: plan.request.method, path: plan.request.path, ...(plan.request.body !== undefined ? { body: plan.request.body } : {}) },
    warmupS: plan.warmupS,
    trials,
    summary: summarizeTrials(trials),
  };
}
