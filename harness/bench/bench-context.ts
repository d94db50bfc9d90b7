// What every stage of a run shares: the run's inputs, where its processes go (placement), its
// random order, the targets' records as they fill in, the warnings for the result, and its clock.
import type { Runtime } from '../runtime/runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { LoadGenerator } from '../load/load-types.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchEvents } from './bench-events.js';
import type { TwoMachineRun } from '../remote/two-machine-run.js';
import type { MachineProbes } from '../system/machine-probes.js';
import type { CpuPlacement } from '../placement/cpu-placement.js';
import type { PendingCheck } from './asked-comparisons.js';
import { availableCpus } from '../placement/available-cpus.js';
import { placeCpus } from '../placement/cpu-placement.js';
import { twoMachinePlacement } from '../remote/two-machine-run.js';
import { defaultContractFile } from '../contract/load-fixture.js';
import { scenarioNames, targetContract, type TargetContract } from '../scenarios/target-contract.js';
import { seededRandom } from './schedule.js';
import { newTargetState, type TargetState } from './target-record.js';
import { startClock, type RunClock } from './budget.js';

export interface BenchRun {
  targets: LoadedTarget[];
  runtime: Runtime;
  /** what the runtime will record about the engine and build mode */
  runtimeFacts: { dockerVersion?: string | null; notes: string[] };
  /** the reference contract; a target's manifest may name another, or none */
  fixture: ContractFixture;
  options: BenchOptions;
  /** the trivial server whose cold start is the launcher's own cost; null: not measured */
  launchFloor?: LoadedTarget | null;
  signal?: AbortSignal;
  /** cores to split; defaults to this process's affinity */
  cores?: number[];
  /** the servers run on another host's engine (--docker-host, --server-address) */
  twoMachines?: TwoMachineRun;
  /** sends the load; default: the socket engine's workers (load/run-load.ts). Tests pass a scripted one */
  loadGenerator?: LoadGenerator;
  /** /proc/stat and langbench's own CPU; default: the real ones. Tests script interference here */
  probes?: MachineProbes;
  /** what the adaptive rounds must decide (claims, gate checks); none: they stop at their first look */
  asked?: PendingCheck[];
  /** the run's clock; default: started now with the options' budget (tests pass a scripted one) */
  clock?: RunClock;
}

export interface BenchContext {
  run: BenchRun;
  options: BenchOptions;
  events: BenchEvents;
  startedAt: Date;
  clock: RunClock;
  placement: CpuPlacement;
  seed: number;
  random: () => number;
  /** for the result file: the runtime's notes, placement warnings, anything a stage could not do */
  warnings: string[];
  log: { info(m: string): void; warn(m: string): void };
  states: TargetState[];
  contractOf(state: TargetState): TargetContract;
  /** the asked scenarios this target offers (bench-command refuses a target with none) */
  scenariosOf(state: TargetState): string[];
}

export function benchContext(run: BenchRun, events: BenchEvents): BenchContext {
  const { options } = run;
  const placement = run.twoMachines
    ? twoMachinePlacement(run.cores ?? availableCpus(), run.twoMachines.host.cores, options.cpus)
    : placeCpus(run.cores ?? availableCpus(), options.cpus);
  for (const warning of placement.warnings) events.warn(warning);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const states = run.targets.map((target) => newTargetState(target, run.runtime, placement));
  const contracts = new Map(run.targets.map((target) => [target.manifest.name, targetContract(target, run.fixture, defaultContractFile())]));
  const contractOf = (state: TargetState): TargetContract => contracts.get(state.result.name)!;
  for (const state of states) {
    const contract = contractOf(state);
    if (contract.kind !== 'reference') state.result.contract = { kind: contract.kind, file: contract.file };
  }
  return {
    run,
    options,
    events,
    startedAt: new Date(),
    clock: run.clock ?? startClock(options.budgetS),
    placement,
    seed,
    random: seededRandom(seed),
    warnings: [...run.runtimeFacts.notes, ...placement.warnings],
    log: { info: (m) => events.info(m), warn: (m) => events.warn(m) },
    states,
    contractOf,
    scenariosOf: (state) => options.scenarios.filter((s) => scenarioNames(contractOf(state)).includes(s)),
  };
}
