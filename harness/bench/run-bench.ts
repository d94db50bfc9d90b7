// The whole run: build every target, place CPUs, measure each target in turn, assemble the result.
import type { Runtime, PreparedTarget } from '../runtime/runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { ResultFile, TargetResult } from '../results/schema.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchEvents } from './bench-events.js';
import { availableCpus, pinSelf } from '../placement/available-cpus.js';
import { placeCpus } from '../placement/cpu-placement.js';
import { machineInfo } from '../environment/machine-info.js';
import { langbenchVersion, gitCommit } from '../version.js';
import { runTarget } from './run-target.js';

export interface BenchRun {
  targets: LoadedTarget[];
  runtime: Runtime;
  /** what the runtime will record about the engine and build mode */
  runtimeFacts: { dockerVersion?: string | null; notes: string[] };
  fixture: ContractFixture;
  options: BenchOptions;
  signal?: AbortSignal;
  /** cores to split; defaults to this process's affinity */
  cores?: number[];
}

/** docker: the build mode the images came from (offline when any was); null for other runtimes */
function buildModeUsed(prepared: Map<string, PreparedTarget | { error: string }>): 'online' | 'offline' | null {
  const modes = [...prepared.values()].flatMap((p) => ('image' in p && p.image ? [p.image.build] : []));
  if (modes.length === 0) return null;
  return modes.includes('offline') ? 'offline' : 'online';
}

export async function runBench(run: BenchRun, events: BenchEvents): Promise<ResultFile> {
  const startedAt = new Date();
  const placement = placeCpus(run.cores ?? availableCpus(), run.options.cpus);
  const warnings = [...run.runtimeFacts.notes, ...placement.warnings];
  for (const warning of placement.warnings) events.warn(warning);

  // Build everything first, with every core, before this process pins itself to the load
  // generator's cores (child builds would inherit the pinning).
  const prepared = new Map<string, PreparedTarget | { error: string }>();
  for (const target of run.targets) {
    run.signal?.throwIfAborted();
    events.phase(target.manifest.name, 'build');
    const log = { info: (m: string) => events.info(m), warn: (m: string) => events.warn(m) };
    try {
      prepared.set(target.manifest.name, await run.runtime.prepare(target, log));
    } catch (error) {
      run.signal?.throwIfAborted();
      const message = (error as Error).message;
      events.warn(`${target.manifest.name}: build failed, skipping it: ${message.split('\n')[0]}`);
      prepared.set(target.manifest.name, { error: message });
    }
  }

  if (!placement.shared) pinSelf(placement.loadgenCpus);

  const results: TargetResult[] = [];
  for (const [index, target] of run.targets.entries()) {
    run.signal?.throwIfAborted();
    events.targetStarted(target.manifest.name, index + 1, run.targets.length);
    const result = await runTarget(
      { target, prepared: prepared.get(target.manifest.name)!, runtime: run.runtime, placement, options: run.options, fixture: run.fixture, signal: run.signal },
      events,
    );
    events.targetFinished(result.name, result.status ?? 'ok', result.error);
    results.push(result);
  }

  return {
    schemaVersion: SCHEMA_VERSION,
    langbench: { version: langbenchVersion(), gitCommit: gitCommit() },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo({ dockerVersion: run.runtimeFacts.dockerVersion ?? null }),
    options: {
      targets: run.options.targets,
      scenarios: run.options.scenarios,
      runtime: run.options.runtime,
      runtimeUsed: run.runtime.kind,
      build: run.options.build,
      buildUsed: buildModeUsed(prepared),
      cpus: run.options.cpus,
      connections: run.options.connections,
      durationS: run.options.durationS,
      warmupS: run.options.warmupS,
      trials: run.options.trials,
      coldStarts: run.options.coldStarts,
      memoryBytes: run.options.memoryBytes,
      out: run.options.out,
      force: run.options.force,
      loadgenWorkers: placement.loadgenCpus.length,
    },
    warnings,
    targets: results,
  };
}
