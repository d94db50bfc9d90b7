// The result file of a run: what every stage recorded, the machine, the options as used, and how
// the trials were scheduled, judged and stopped.
import type { Runtime } from '../runtime/runtime.js';
import type { LaunchFloor, ResultFile } from '../results/schema.js';
import type { NetworkBaseline } from '../remote/network-baseline.js';
import type { BenchContext } from './bench-context.js';
import type { TargetState } from './target-record.js';
import type { TrialStageResult } from './stage-trials.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import { machineInfo } from '../environment/machine-info.js';
import { langbenchVersion, gitCommit } from '../version.js';
import { twoMachinesRecord } from '../remote/two-machine-run.js';

/** How the runtime keeps a target from running while another is measured. */
const FREEZE_METHOD: Record<Runtime['kind'], string> = {
  process: 'SIGSTOP of the server\'s process group',
  docker: 'docker pause (cgroup freezer)',
  fake: 'none (in-process fake servers)',
};

function buildModeUsed(states: readonly TargetState[]): 'online' | 'offline' | null {
  // a prebuilt image was not built in either mode
  const modes = states.flatMap((s) => (s.prepared?.image && s.prepared.image.build !== 'prebuilt' ? [s.prepared.image.build] : []));
  if (modes.length === 0) return null;
  return modes.includes('offline') ? 'offline' : 'online';
}

export function assembleResult(ctx: BenchContext, parts: { launchFloor: LaunchFloor | null; network: NetworkBaseline | null; trials: TrialStageResult }): ResultFile {
  const { run, options, seed, placement } = ctx;
  const { trials } = parts;
  return {
    schemaVersion: SCHEMA_VERSION,
    langbench: { version: langbenchVersion(), gitCommit: gitCommit() },
    startedAt: ctx.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo({ dockerVersion: run.runtimeFacts.dockerVersion ?? null }),
    options: {
      targets: options.targets,
      scenarios: options.scenarios,
      runtime: options.runtime,
      runtimeUsed: run.runtime.kind,
      build: options.build,
      buildUsed: buildModeUsed(ctx.states),
      cpus: options.cpus,
      connections: options.connections,
      durationS: options.durationS,
      warmupS: options.warmupS,
      trials: options.trials,
      fixedTrials: options.fixedTrials,
      budgetS: options.budgetS,
      maxRounds: options.maxRounds,
      coldStarts: options.coldStarts,
      memoryBytes: options.memoryBytes,
      out: options.out,
      force: options.force,
      loadgenWorkers: placement.loadgenCpus.length,
      schedule: options.schedule,
      seed,
      rewarmS: options.rewarmS,
      maxReruns: options.maxReruns,
      disturbedPct: options.disturbedPct,
      ...(options.ab !== null ? { ab: options.ab } : {}),
      engine: options.engine,
      ...(options.rates.length > 0 ? { rates: options.rates } : {}),
      ...(options.sloP99Us !== null ? { sloP99Us: options.sloP99Us } : {}),
    },
    warnings: ctx.warnings,
    schedule: {
      kind: options.schedule,
      seed,
      rewarmS: options.rewarmS,
      freeze: FREEZE_METHOD[run.runtime.kind],
      disturbedPct: options.disturbedPct,
      disturbedBy: 'foreign',
      maxReruns: options.maxReruns,
      irqTimeAccounted: trials.irqTimeAccounted,
      rounds: trials.rounds,
      ...(trials.sequential ? { sequential: trials.sequential } : {}),
      stop: trials.stop,
      budgetS: options.budgetS,
    },
    launchFloor: parts.launchFloor,
    ...(run.twoMachines ? { twoMachines: twoMachinesRecord(run.twoMachines, parts.network) } : {}),
    targets: ctx.states.map((s) => s.result),
  };
}
