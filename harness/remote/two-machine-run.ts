// A two-machine run: the servers on another host's engine, pinned to that host's cores; the load
// generator on every core of this machine; the network between them measured before any load.
import type Docker from 'dockerode';
import type { CpuPlacement } from '../placement/cpu-placement.js';
import type { RunningServer } from '../runtime/runtime.js';
import type { TwoMachines } from '../results/schema.js';
import { displayEndpoint } from './engine-endpoint.js';
import { readEngineHost, type EngineHost } from './engine-host.js';
import { measureNetworkBaseline, type NetworkBaseline } from './network-baseline.js';
import type { TwoMachineOptions } from './two-machine-options.js';

export interface TwoMachineRun {
  options: TwoMachineOptions;
  host: EngineHost;
  /** round trips sampled for the baseline (default 200) */
  baselineSamples?: number;
}

export async function prepareTwoMachineRun(options: TwoMachineOptions, docker: Docker): Promise<TwoMachineRun> {
  return { options, host: await readEngineHost(docker) };
}

/**
 * The server takes the highest-numbered of the engine host's cores (as on one machine: core 0
 * carries interrupts), at most all of them since nothing else of langbench runs there; the load
 * generator takes every core of this machine.
 */
export function twoMachinePlacement(localCores: readonly number[], serverHostCores: number, requested: number): CpuPlacement {
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`requested cpus must be a positive integer, got ${requested}`);
  const loadgenCpus = [...new Set(localCores)].sort((a, b) => a - b);
  if (loadgenCpus.length === 0) throw new Error('no cores available');
  const remote = Array.from({ length: Math.max(1, serverHostCores) }, (_, i) => i);
  const granted = Math.min(requested, remote.length);
  const serverCpus = remote.slice(remote.length - granted);
  const warnings =
    granted < requested ? [`requested ${requested} vCPU for the server but the engine's host offers ${remote.length} cores (docker info NCPU): granted ${granted} (its cores ${serverCpus.join(',')})`] : [];
  return { requested, granted, serverCpus, loadgenCpus, shared: false, serverElsewhere: true, warnings };
}

/** The baseline against a running, healthy server: thawed for the measurement, left as found. */
export async function networkBaselineOf(run: TwoMachineRun, server: RunningServer, healthPath: string, target: string): Promise<NetworkBaseline> {
  return { ...(await measureNetworkBaseline(`${server.baseUrl}${healthPath}`, run.baselineSamples ?? 200)), target };
}

export function twoMachinesRecord(run: TwoMachineRun, network: NetworkBaseline | null): TwoMachines {
  return {
    engine: displayEndpoint(run.options.engine.url),
    engineSource: run.options.engine.source,
    serverAddress: run.options.serverAddress,
    serverHost: run.host,
    network,
  };
}
