// The whole run: build every target, then measure them side by side — cold starts in rounds,
// verification on an instance of its own, one measured instance per target (frozen while the
// others run), trials in rounds — and assemble the result.
import { median } from 'simple-statistics';
import type { Runtime, PreparedTarget } from '../runtime/runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { LoadGenerator } from '../load/load-types.js';
import type { LaunchFloor, ResultFile } from '../results/schema.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchEvents } from './bench-events.js';
import { availableCpus, pinSelf } from '../placement/available-cpus.js';
import { placeCpus } from '../placement/cpu-placement.js';
import { machineInfo } from '../environment/machine-info.js';
import { langbenchVersion, gitCommit } from '../version.js';
import { freePort } from '../net/free-port.js';
import { verifyContract, verifySessionScenario, materializeScenario } from '../contract/verify.js';
import { ANY_MCP_SERVER, referenceMcpExpectations, verifyMcp } from '../mcp/verify-mcp.js';
import { defaultContractFile } from '../contract/load-fixture.js';
import { mcpEndpoints, scenarioNames, scenarioRequest, sessionChecks, targetContract, verificationFixtures, type TargetContract } from '../scenarios/target-contract.js';
import { HEALTH_TIMEOUT_MS, settle } from '../measure/cold-start.js';
import { waitHealthy } from '../measure/wait-healthy.js';
import { kernelAccountsIrqTime } from '../system/core-activity.js';
import { MACHINE_PROBES, type MachineProbes } from '../system/machine-probes.js';
import { runLoad } from '../load/run-load.js';
import { coldStartRounds } from './cold-start-rounds.js';
import { seededRandom } from './schedule.js';
import { summarizeTrials } from './summarize-trials.js';
import { DEFAULT_CV_LIMITS } from '../stats/coefficient-of-variation.js';
import { runTrialRounds, type Pair } from './trial-rounds.js';
import { scenarioResultName, withLoads } from './scenario-load.js';
import { findSloRates } from './slo-stage.js';
import { networkBaselineOf, twoMachinePlacement, twoMachinesRecord, type TwoMachineRun } from '../remote/two-machine-run.js';
import type { NetworkBaseline } from '../remote/network-baseline.js';
import { fail, isOk, newTargetState, recordColdStarts, recordFinalMemory, type TargetState } from './target-record.js';

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
  /** sends the load; default: autocannon workers (load/run-load.ts). Tests pass a scripted one */
  loadGenerator?: LoadGenerator;
  /** /proc/stat and langbench's own CPU; default: the real ones. Tests script interference here */
  probes?: MachineProbes;
}

/** How the runtime keeps a target from running while another is measured. */
const FREEZE_METHOD: Record<Runtime['kind'], string> = {
  process: 'SIGSTOP of the server\'s process group',
  docker: 'docker pause (cgroup freezer)',
  fake: 'none (in-process fake servers)',
};

/** After the last trial, before the steady-state reading: long enough for buffers and GC to settle. */
const AFTER_LOAD_SETTLE_MS = 1000;

function buildModeUsed(states: readonly TargetState[]): 'online' | 'offline' | null {
  // a prebuilt image was not built in either mode
  const modes = states.flatMap((s) => (s.prepared?.image && s.prepared.image.build !== 'prebuilt' ? [s.prepared.image.build] : []));
  if (modes.length === 0) return null;
  return modes.includes('offline') ? 'offline' : 'online';
}

/**
 * Everything the asked scenarios need, one list of failures: the contract's cases in scope, each
 * scenario's own request (session scenarios after their setup), and a real MCP session on every
 * MCP endpoint loaded (the reference tools and answers for a reference target).
 */
async function verifyTarget(baseUrl: string, contract: TargetContract, scenarios: readonly string[], healthPath: string, reference: ContractFixture): Promise<{ passed: boolean; failures: string[] }> {
  const failures: string[] = [];
  for (const fixture of verificationFixtures(contract, scenarios, healthPath)) failures.push(...(await verifyContract(baseUrl, fixture)).failures);
  for (const { check, session } of sessionChecks(contract, scenarios)) failures.push(...(await verifySessionScenario(baseUrl, check, session)));
  const expected = contract.kind === 'reference' ? referenceMcpExpectations(reference) : ANY_MCP_SERVER;
  for (const endpoint of mcpEndpoints(contract, scenarios)) failures.push(...(await verifyMcp(baseUrl, endpoint, expected)));
  return { passed: failures.length === 0, failures };
}

export async function runBench(run: BenchRun, events: BenchEvents): Promise<ResultFile> {
  const startedAt = new Date();
  const { options, runtime, signal } = run;
  const placement = run.twoMachines
    ? twoMachinePlacement(run.cores ?? availableCpus(), run.twoMachines.host.cores, options.cpus)
    : placeCpus(run.cores ?? availableCpus(), options.cpus);
  const warnings = [...run.runtimeFacts.notes, ...placement.warnings];
  for (const warning of placement.warnings) events.warn(warning);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const log = { info: (m: string) => events.info(m), warn: (m: string) => events.warn(m) };
  const states = run.targets.map((target) => newTargetState(target, runtime, placement));
  const contracts = new Map(run.targets.map((target) => [target.manifest.name, targetContract(target, run.fixture, defaultContractFile())]));
  const contractOf = (state: TargetState): TargetContract => contracts.get(state.result.name)!;
  // each target is loaded on the asked scenarios it offers (bench-command refuses a target with none)
  const scenariosOf = (state: TargetState): string[] => options.scenarios.filter((s) => scenarioNames(contractOf(state)).includes(s));
  for (const state of states) {
    const contract = contractOf(state);
    if (contract.kind !== 'reference') state.result.contract = { kind: contract.kind, file: contract.file };
  }

  // Build everything first, with every core, before this process pins itself to the load
  // generator's cores (child builds would inherit the pinning).
  events.stage('build');
  for (const state of states) {
    signal?.throwIfAborted();
    events.phase(state.result.name, 'build');
    try {
      state.prepared = await runtime.prepare(state.target, log);
      state.result.sizeBytes = state.prepared.sizeBytes;
      state.result.sizeKind = state.prepared.sizeKind;
      if (state.prepared.image) state.result.image = state.prepared.image;
    } catch (error) {
      signal?.throwIfAborted();
      const message = (error as Error).message;
      events.warn(`${state.result.name}: build failed, skipping it: ${message.split('\n')[0]}`);
      fail(state, 'failed-build', message);
    }
  }
  let floorPrepared: PreparedTarget | null = null;
  if (run.launchFloor) {
    try {
      floorPrepared = await runtime.prepare(run.launchFloor, { info: () => {}, warn: log.warn });
    } catch (error) {
      signal?.throwIfAborted();
      const message = `launcher floor not measured (${(error as Error).message.split('\n')[0]}): cold starts are totals only`;
      events.warn(message);
      warnings.push(message);
    }
  }
  if (!placement.shared) pinSelf(placement.loadgenCpus);
  const cpus = placement.serverCpus;

  events.stage(`cold starts: ${options.coldStarts} per target${floorPrepared ? ' and of the launcher floor' : ''}, ${options.schedule}`);
  const startable = new Map<string, PreparedTarget>(states.filter(isOk).map((s) => [s.result.name, s.prepared!]));
  const floorKey = '(launcher floor)';
  if (floorPrepared) startable.set(floorKey, floorPrepared);
  const coldStarts = await coldStartRounds(runtime, startable, cpus, options.coldStarts, { kind: options.schedule, random }, signal, (name, sample, index) =>
    events.phase(name, 'cold-start', `${index}/${options.coldStarts}: ${sample.ms.toFixed(1)} ms`),
  );
  const floorSeries = coldStarts.get(floorKey);
  let launchFloor: LaunchFloor | null = null;
  if (floorSeries) {
    const samples = floorSeries.samples.map((s) => s.ms);
    launchFloor = { samples, median: samples.length > 0 ? median(samples) : null, what: `${run.launchFloor!.manifest.description ?? 'a server ready at once'} (${runtime.kind} runtime)` };
    if (floorSeries.error) warnings.push(`launcher floor failed to start: ${floorSeries.error.split('\n')[0]}`);
  }
  for (const state of states.filter(isOk)) {
    const series = coldStarts.get(state.result.name)!;
    recordColdStarts(state, series, launchFloor?.median ?? null);
    if (series.error) fail(state, 'failed-start', series.error);
  }

  events.stage('verify: each target on an instance of its own, then one fresh instance to measure');
  for (const state of states.filter(isOk)) {
    signal?.throwIfAborted();
    const name = state.result.name;
    const healthPath = state.target.manifest.healthPath;
    try {
      events.phase(name, 'verify');
      const checked = await runtime.start(state.prepared!, { port: await freePort(), cpus });
      try {
        await waitHealthy(checked.baseUrl, healthPath, checked, HEALTH_TIMEOUT_MS);
        state.result.verification = await verifyTarget(checked.baseUrl, contractOf(state), scenariosOf(state), healthPath, run.fixture);
      } finally {
        await checked.stop();
      }
      if (!state.result.verification.passed) {
        fail(state, 'failed-verification', `contract verification failed: ${state.result.verification.failures[0]}`);
        continue;
      }
      // the measured instance has served nothing yet: its memory now is a fresh server's
      events.phase(name, 'idle-memory');
      state.server = await runtime.start(state.prepared!, { port: await freePort(), cpus });
      await waitHealthy(state.server.baseUrl, healthPath, state.server, HEALTH_TIMEOUT_MS);
      await settle();
      state.instanceIdleBytes = Math.round(await state.server.memoryBytes());
      await state.server.freeze();
    } catch (error) {
      signal?.throwIfAborted();
      fail(state, 'failed-start', (error as Error).message);
      await state.server?.stop().catch(() => undefined);
    }
  }

  // two machines: the network alone, before any load, against the first fresh measured server
  let network: NetworkBaseline | null = null;
  const probed = run.twoMachines ? states.find((s) => isOk(s) && s.server) : undefined;
  if (run.twoMachines && probed) {
    events.stage(`network baseline: TCP connect and HTTP round trips to ${probed.result.name} on ${run.twoMachines.options.serverAddress}`);
    try {
      await probed.server!.thaw();
      network = await networkBaselineOf(run.twoMachines, probed.server!, probed.target.manifest.healthPath, probed.result.name);
      events.info(`network: TCP connect median ${network.tcpConnectUs.medianUs} µs (p99 ${network.tcpConnectUs.p99Us}), HTTP round trip median ${network.httpRoundTripUs.medianUs} µs (p99 ${network.httpRoundTripUs.p99Us})`);
    } catch (error) {
      signal?.throwIfAborted();
      const message = `network baseline not measured: ${(error as Error).message}`;
      events.warn(message);
      warnings.push(message);
    } finally {
      await probed.server!.freeze().catch(() => undefined);
    }
  }

  const pairs: Pair[] = states.filter(isOk).flatMap((state) =>
    scenariosOf(state).map((scenario) => ({ state, scenario, request: materializeScenario(scenarioRequest(contractOf(state), scenario)), trials: [] })),
  );
  // closed loop, each rate of a ladder, or an SLO search's rate: a pair per load
  pairs.splice(0, pairs.length, ...withLoads(pairs, options));
  if (options.sloP99Us !== null) {
    events.stage(`SLO search: per target and scenario, the highest rate with P99 <= ${options.sloP99Us / 1000} ms`);
    const workers = placement.loadgenCpus.length;
    await findSloRates({ pairs, loadGenerator: run.loadGenerator ?? runLoad, engine: options.engine, connections: options.connections, workers, warmupS: options.warmupS, durationS: options.durationS, signal }, events);
  }
  const irqTimeAccounted = kernelAccountsIrqTime();
  const rounds = await runTrialRounds(
    {
      pairs,
      kind: options.schedule,
      random,
      trials: options.trials,
      maxReruns: options.maxReruns,
      warmupS: options.warmupS,
      rewarmS: options.rewarmS,
      durationS: options.durationS,
      connections: options.connections,
      loadGenerator: run.loadGenerator ?? runLoad,
      engine: options.engine,
      probes: run.probes ?? MACHINE_PROBES,
      placement,
      disturbedPct: options.disturbedPct,
      irqTimeAccounted,
      signal,
    },
    events,
  );

  events.stage('memory after load, then stop');
  for (const state of states) {
    const server = state.server;
    if (!server) continue;
    signal?.throwIfAborted();
    state.result.scenarios = pairs
      // a pair without a trial (its target failed first, e.g. in an SLO search) has nothing to summarize
      .filter((p) => p.state === state && p.trials.length > 0)
      .map((p) => ({
        name: p.load ? scenarioResultName(p.load) : p.scenario,
        ...(p.load ? { load: p.load } : {}),
        request: { method: p.request.method, path: p.request.path, ...(p.request.body !== undefined ? { body: p.request.body } : {}) },
        warmupS: options.warmupS,
        trials: p.trials,
        summary: summarizeTrials(p.trials),
      }));
    if (isOk(state)) {
      try {
        await server.thaw();
        await settle(AFTER_LOAD_SETTLE_MS);
        recordFinalMemory(state, await server.memoryBytes(), await server.memoryHighWater());
      } catch (error) {
        signal?.throwIfAborted();
        fail(state, 'failed', (error as Error).message);
      }
    }
    events.phase(state.result.name, 'stop');
    await server.stop();
  }
  for (const state of states) events.targetFinished(state.result.name, state.result.status ?? 'ok', state.result.error);

  return {
    schemaVersion: SCHEMA_VERSION,
    langbench: { version: langbenchVersion(), gitCommit: gitCommit() },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo({ dockerVersion: run.runtimeFacts.dockerVersion ?? null }),
    options: {
      targets: options.targets,
      scenarios: options.scenarios,
      runtime: options.runtime,
      runtimeUsed: runtime.kind,
      build: options.build,
      buildUsed: buildModeUsed(states),
      cpus: options.cpus,
      connections: options.connections,
      durationS: options.durationS,
      warmupS: options.warmupS,
      trials: options.trials,
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
    warnings,
    schedule: {
      kind: options.schedule,
      seed,
      rewarmS: options.rewarmS,
      freeze: FREEZE_METHOD[runtime.kind],
      disturbedPct: options.disturbedPct,
      maxReruns: options.maxReruns,
      cvLimits: { ...DEFAULT_CV_LIMITS },
      irqTimeAccounted,
      rounds,
    },
    launchFloor,
    ...(run.twoMachines ? { twoMachines: twoMachinesRecord(run.twoMachines, network) } : {}),
    targets: states.map((s) => s.result),
  };
}

