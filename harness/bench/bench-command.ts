// `langbench bench`: validate options, pick the runtime, run, write the result, show the table,
// write the reports, and gate against a baseline when asked.
import type { Command } from 'commander';
import { BENCH_DEFAULTS, parseBenchOptions, type RawBenchOptions } from './bench-options.js';
import { defaultTargetNames, loadTargetsFrom, selectTargets } from '../targets/load-targets.js';
import { withTargetsDirOption } from '../targets/targets-dir-option.js';
import { nativeSection } from '../targets/native-section.js';
import { defaultContractFile, loadContractFixture } from '../contract/load-fixture.js';
import { targetContract } from '../scenarios/target-contract.js';
import { checkScenarioCoverage, checkSessionEngine, defaultScenarios, offeredScenarios } from './scenario-coverage.js';
import { targetsDir, resultsDir } from '../paths.js';
import { selectRuntime, type SelectedRuntime } from '../runtime/select-runtime.js';
import { parseTwoMachineOptions, type RawTwoMachineOptions } from '../remote/two-machine-options.js';
import { selectRemoteRuntime } from '../remote/select-remote-runtime.js';
import type { TwoMachineRun } from '../remote/two-machine-run.js';
import { allowServerAddress } from '../net/loopback.js';
import { runBench } from './run-bench.js';
import { consoleProgress } from '../output/console-progress.js';
import { renderConsoleSummary } from '../output/console-summary.js';
import { defaultResultPath } from '../results/write-result.js';
import { keepResult } from '../results/keep-result.js';
import { runFaultLine } from './run-fault-line.js';
import { interrupted, onCleanup, runCleanups } from '../lifecycle/cleanup.js';
import { afterAbBench, afterBench, type PlannedGate } from './after-bench.js';
import { displayPath } from '../output/display-path.js';
import { gateConfigFromOptions } from '../gate/gate-command.js';
import { preflightGate } from '../gate/preflight-gate.js';
import { machineInfo } from '../environment/machine-info.js';
import { EXIT_OK, EXIT_TARGET_FAILED, EnvironmentError } from '../errors.js';
import { readResultFile } from '../results/read-result.js';
import { commaList } from '../input/comma-list.js';
import { acquireBenchLock } from '../lifecycle/bench-lock.js';
import { abTargets, type AbTargets } from '../ab/ab-targets.js';
import { claimsPending, type PendingCheck } from './asked-comparisons.js';
import { abGatePending, baselineGatePending } from './gate-pending.js';
import { readClaimsFile } from '../report/claims.js';
import { checkClaims } from '../report/claims-check.js';
import { claimsConsoleLine } from '../report/claims-text.js';
import { launchFloorTarget } from '../targets/launch-floor.js';

/** With --baseline, checks before any build that the result will be gateable (same machine, enough trials). */
function planGate(baselinePath: string | null, options: { trials: number; coldStarts: number; runtime: string; twoMachines: boolean }): PlannedGate | null {
  if (baselinePath === null) return null;
  const { config } = gateConfigFromOptions({});
  const baseline = preflightGate(
    baselinePath,
    { machine: machineInfo(), trials: options.trials, coldStarts: options.coldStarts, runtime: options.runtime, layout: options.twoMachines ? 'two-machines' : 'one-machine' },
    config,
  );
  return { baselinePath, baseline, config };
}

/** What the adaptive rounds must decide: the gate when one follows the run, else the article's claims on trial metrics. */
function askedComparisons(ab: AbTargets | null, gate: PlannedGate | null): PendingCheck[] {
  if (ab) return [abGatePending(ab)];
  if (gate) return [baselineGatePending(gate)];
  return [claimsPending(readClaimsFile())];
}

export function registerBenchCommand(program: Command): void {
  withTargetsDirOption(program.command('bench'))
    .description('build every target, run it pinned to N vCPU, verify, load-test and write a result file')
    .option('--targets <list>', 'comma-separated target names (default: every target of the --targets-dir folders when given, else the reference targets)')
    .option('--scenarios <list>', 'comma-separated scenarios: json, tool, and those the targets declare (default: every scenario each target offers, but mcp-churn); mcp-leak adds the abandoned-session measurement')
    .option('--leak-sessions <n>', 'with mcp-leak in --scenarios: abandoned sessions opened at most (default 2000)')
    .option('--leak-rate <per-s>', 'with mcp-leak: sessions opened per second (default 200)')
    .option('--leak-idle <seconds>', 'with mcp-leak: idle time after the last session before memory is read again (default 30)')
    .option('--runtime <kind>', 'auto | docker | process (auto: docker when an engine answers)', BENCH_DEFAULTS.runtime)
    .option('--build <mode>', 'docker images: auto | online | offline (auto: offline when no registry answers)', BENCH_DEFAULTS.build)
    .option('--cpus <n>', 'vCPUs to pin the server to', BENCH_DEFAULTS.cpus)
    .option('--connections <c>', 'concurrent keep-alive connections', BENCH_DEFAULTS.connections)
    .option('--duration <seconds>', 'length of each trial', BENCH_DEFAULTS.duration)
    .option('--warmup <seconds>', 'warmup before the trials of each scenario', BENCH_DEFAULTS.warmup)
    .option('--budget <duration>', 'time bound for the whole run, builds included (e.g. 90s, 8m, 1h)', BENCH_DEFAULTS.budget)
    .option('--trials <t>', `fixed: exactly this many clean trials per scenario (default: adaptive rounds, at least ${BENCH_DEFAULTS.trials}, until the asked comparisons are decided or the budget is spent)`)
    .option('--max-rounds <n>', 'adaptive rounds: never more than this many', BENCH_DEFAULTS.maxRounds)
    .option('--cold-starts <k>', 'fresh starts timed to the first healthy answer', BENCH_DEFAULTS.coldStarts)
    .option('--memory <size>', 'docker: memory limit per container', BENCH_DEFAULTS.memory)
    .option('--out <file>', 'result file (default: results/<UTC timestamp>-<hostname>.json)')
    .option('--force', 'overwrite --out when it exists', false)
    .option('--no-report', 'skip writing the Markdown and HTML reports next to the result')
    .option('--baseline <file>', 'after the run, gate against this result file (exit codes as langbench gate: 1 regression, 4 undecided)')
    .option('--schedule <order>', 'interleaved (rounds of one trial per target and scenario, shuffled) | sequential', BENCH_DEFAULTS.schedule)
    .option('--seed <n>', 'seed of the per-round shuffle (default: random, recorded in the result)')
    .option('--rewarm <seconds>', 'load before each trial after switching targets, not recorded', BENCH_DEFAULTS.rewarm)
    .option('--disturbed-threshold <pct>', 'foreign CPU on the server\'s or load generator\'s cores at which a trial is left out (steal is recorded, never counted)', BENCH_DEFAULTS.disturbedThreshold)
    .option('--max-reruns <n>', 'fixed --trials runs: re-runs of disturbed trials allowed per target and scenario (default: half the trials)')
    .option('--ab <rev>', 'measure the same targets built from this git revision in the same rounds, and gate the working tree against it')
    .option('--engine <name>', 'load engine: socket (plain node:net keep-alive client) | autocannon (closed loop only)', 'socket')
    .option('--rate <req/s>', 'open loop: each scenario at this many requests per second (latency from the scheduled time), instead of closed loop')
    .option('--rates <list>', 'open loop at each of these rates, a ladder (e.g. 1000,2000,5000); each rate is a scenario of its own')
    .option('--slo-p99 <ms>', 'find per target and scenario the highest rate whose P99 stays within this, then run the trials at it')
    .option('--wait [seconds]', 'when another bench runs on this machine, wait for it (default 3600 s) instead of refusing')
    .option('--docker-host <url>', 'build and run the targets on this remote engine (tcp://HOST:2376 or ssh://USER@HOST; default: DOCKER_HOST, then the docker context); needs --server-address')
    .option('--server-address <addr>', 'where this machine reaches the remote engine\'s servers (its only traffic beyond loopback)')
    .action(async (raw: RawBenchOptions & RawTwoMachineOptions) => {
      const all = loadTargetsFrom(targetsDir(), raw.targetsDir ?? []);
      const fixture = loadContractFixture();
      const contracts = new Map(all.map((t) => [t.manifest.name, targetContract(t, fixture, defaultContractFile())]));
      const defaultTargets = defaultTargetNames(all, raw.targetsDir ?? []);
      const named = raw.targets === undefined ? defaultTargets : commaList(raw.targets);
      const options = parseBenchOptions(raw, {
        targets: all.map((t) => t.manifest.name),
        defaultTargets,
        scenarios: offeredScenarios([...contracts.values()]),
        // without --scenarios, each target runs every scenario it offers but those loaded only when asked (mcp-churn)
        defaultScenarios: defaultScenarios(named.flatMap((n) => contracts.get(n) ?? [])),
      });
      const remote = parseTwoMachineOptions(raw);
      const targets = selectTargets(all, options.targets);
      const selectedContracts = new Map(targets.map((t) => [t.manifest.name, contracts.get(t.manifest.name)!]));
      checkScenarioCoverage(selectedContracts, options.scenarios);
      checkSessionEngine(selectedContracts, options.scenarios, options.engine);
      const events = consoleProgress();
      // a typo in --ab or --baseline is said at once, not after queueing behind another bench
      const ab = options.ab === null ? null : abTargets(targets, options.ab);
      if (options.baseline !== null) readResultFile(options.baseline);
      // before any build or engine call: a second bench must not even compete for the cores
      const lock = await acquireBenchLock(options.waitS, (message) => events.info(message), interrupted);
      onCleanup(() => lock.release());
      if (ab) events.info(`--ab ${ab.rev}: ${ab.base.map((t) => t.manifest.name).join(', ')} from commit ${ab.commit.slice(0, 12)}, beside the working tree's`);
      if (remote) onCleanup(allowServerAddress(remote.serverAddress));
      const selected: SelectedRuntime & { twoMachines?: TwoMachineRun } = remote ? await selectRemoteRuntime(options, remote) : await selectRuntime(options, fixture);
      onCleanup(() => selected.runtime.cleanup());
      // an image-only target cannot run as a process: say so before anything is built
      if (selected.runtime.kind === 'process') for (const target of targets) nativeSection(target);
      const gate = planGate(options.baseline, { ...options, runtime: selected.runtime.kind, twoMachines: remote !== null });
      events.info(`runtime: ${selected.reason}`);
      try {
        const result = await runBench(
          {
            targets: ab ? [...ab.base, ...targets] : targets,
            runtime: selected.runtime,
            runtimeFacts: { dockerVersion: selected.dockerVersion, notes: selected.notes },
            fixture,
            options,
            launchFloor: launchFloorTarget(),
            signal: interrupted,
            ...selected.instruments,
            twoMachines: selected.twoMachines,
            asked: askedComparisons(ab, gate),
          },
          events,
        );
        const asked = options.out ?? defaultResultPath(resultsDir(), new Date(result.startedAt));
        // a full or read-only disk does not cost the measurements: they go to a fallback the line names
        const kept = keepResult(asked, result, { force: options.force });
        const out = kept.file;
        process.stdout.write('\n' + renderConsoleSummary(result));
        const claims = ab ? null : checkClaims(result, readClaimsFile());
        if (claims && claims.tally.agrees + claims.tally.disagrees + claims.tally.inconclusive > 0) process.stdout.write(`\n${claimsConsoleLine(claims)}\n`);
        process.stdout.write(`\nresult: ${displayPath(out)}\n`);
        process.exitCode = ab ? afterAbBench(out, result, options, ab) : afterBench(out, result, options, gate);
        if (result.targets.some((t) => t.status && t.status !== 'ok') && process.exitCode === EXIT_OK) process.exitCode = EXIT_TARGET_FAILED;
        const fault = runFaultLine(result, kept);
        if (fault) throw new EnvironmentError(fault);
      } finally {
        await runCleanups();
      }
    });
}
