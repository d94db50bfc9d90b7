// One trial against one running server: the load, the server's CPU and sampled peak memory, and
// what else ran on the trial's cores meanwhile (bench/interference.ts).
import type { RunningServer } from '../runtime/runtime.js';
import type { LoadEngineName, LoadGenerator, LoadRequest } from '../load/load-types.js';
import type { Trial } from '../results/schema.js';
import type { MachineProbes } from '../system/machine-probes.js';
import { samplePeakMemory } from '../measure/peak-sampler.js';
import { cpuPercent, isClientBound } from '../measure/client-bound.js';
import { disturbanceReason, measureInterference } from './interference.js';

export interface TrialPlan {
  server: RunningServer;
  /** the other targets' servers (frozen): their CPU during the trial is recorded */
  others: readonly RunningServer[];
  request: LoadRequest;
  /** sends the load (autocannon in a bench, a scripted fake in tests) */
  loadGenerator: LoadGenerator;
  /** default: the load generator's own (socket) */
  engine?: LoadEngineName;
  /** open loop at this many requests per second; absent: closed loop */
  rate?: number;
  /** reads /proc/stat and langbench's own CPU (scripted in tests) */
  probes: MachineProbes;
  connections: number;
  durationS: number;
  workers: number;
  serverCpus: readonly number[];
  loadgenCpus: readonly number[];
  /** serverCpus are another host's: their interference is not read from this machine */
  serverElsewhere?: boolean;
  disturbedPct: number;
  irqTimeAccounted: boolean;
  onProgress?: (rps: number) => void;
  signal?: AbortSignal;
}

/** The load alone, unrecorded: the warmup before a scenario and the re-warm before each trial. */
export async function warmUp(plan: Pick<TrialPlan, 'server' | 'request' | 'loadGenerator' | 'connections' | 'workers' | 'engine' | 'rate' | 'signal'>, durationS: number): Promise<void> {
  if (durationS <= 0) return;
  await plan.loadGenerator({ baseUrl: plan.server.baseUrl, request: plan.request, connections: plan.connections, durationS, workers: plan.workers, engine: plan.engine, rate: plan.rate, signal: plan.signal });
}

async function totalCpuNs(servers: readonly RunningServer[]): Promise<number> {
  const each = await Promise.all(servers.map((s) => s.cpuTimeNs().catch(() => 0)));
  return each.reduce((a, b) => a + b, 0);
}

export async function runTrial(plan: TrialPlan): Promise<Omit<Trial, 'round' | 'sequence'>> {
  const { server, probes } = plan;
  const sampler = samplePeakMemory(server);
  const othersBefore = await totalCpuNs(plan.others);
  const serverBefore = await server.cpuTimeNs();
  const selfBefore = probes.selfCpuUsage();
  const activityBefore = probes.readActivity();
  const load = await plan.loadGenerator({
    baseUrl: server.baseUrl,
    request: plan.request,
    connections: plan.connections,
    durationS: plan.durationS,
    workers: plan.workers,
    engine: plan.engine,
    rate: plan.rate,
    onProgress: plan.onProgress,
    signal: plan.signal,
  }).finally(() => sampler.stop());
  const activityAfter = probes.readActivity();
  const self = probes.selfCpuUsage(selfBefore);
  const serverCpuNs = (await server.cpuTimeNs()) - serverBefore;
  const othersCpuNs = (await totalCpuNs(plan.others)) - othersBefore;
  const peakRssBytes = await sampler.stop();
  const interference = measureInterference(activityBefore, activityAfter, {
    // no cores: no reading (serverCores null) rather than this machine's cores of the same numbers
    serverCpus: plan.serverElsewhere ? [] : plan.serverCpus,
    loadgenCpus: plan.loadgenCpus,
    serverS: serverCpuNs / 1e9,
    // the whole of langbench over the same window as /proc/stat: load workers, sampler, main thread
    clientS: (self.user + self.system) / 1e6,
    othersS: Math.max(0, othersCpuNs) / 1e9,
    irqTimeAccounted: plan.irqTimeAccounted,
  });
  const clientCpuPct = cpuPercent(load.clientCpuNs, load.durationS, plan.loadgenCpus.length);
  const serverCpuPct = cpuPercent(serverCpuNs, load.durationS, plan.serverCpus.length);
  const disturbed = disturbanceReason(interference, plan.disturbedPct);
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
    // open loop: the generator spins between sends (its CPU says nothing), and a rate it cannot
    // keep shows where it belongs: in the achieved rate, the lag and the unsent count
    clientBound: load.open ? false : isClientBound(clientCpuPct, serverCpuPct),
    interference,
    ...(disturbed ? { disturbed } : {}),
    ...(load.engine ? { engine: load.engine } : {}),
    ...(load.open ? { open: load.open } : {}),
  };
}
