// Stage 5: the trials. One pair per target, scenario and load (closed loop, each rate of a ladder,
// or an SLO search's rate), run in rounds. Adaptive (the default): the run looks at its asked
// comparisons after every round from its first look, stops once they are decided or the budget
// has no room for another round, and spends its error rate over those looks (stats/sequential.ts).
// Fixed (--trials, or the sequential schedule): each pair until it has that many clean trials.
import type { BenchContext } from './bench-context.js';
import type { Schedule } from '../results/schema.js';
import { nextLook, spacedLooks, type SequentialPlan } from '../stats/sequential.js';
import { materializeScenario } from '../contract/verify.js';
import { scenarioRequest } from '../scenarios/target-contract.js';
import { kernelAccountsIrqTime } from '../system/core-activity.js';
import { MACHINE_PROBES } from '../system/machine-probes.js';
import { runLoad } from '../load/run-load.js';
import { scenarioResultName, withLoads } from './scenario-load.js';
import { abBaseName } from '../ab/ab-suffix.js';
import { findSloRates } from './slo-stage.js';
import { runTrialRounds, type Pair } from './trial-rounds.js';
import { isOk } from './target-record.js';
import { roundStopper, type StopState } from './round-stopper.js';
import { allPending } from './asked-comparisons.js';
import { provisionalResult, type ProvisionalFrame } from './scenario-results.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import { langbenchVersion } from '../version.js';
import { formatDuration } from './budget.js';
import { FIXED_ALPHA } from '../metrics/verdict-level.js';

/** Besides the load itself, what one trial costs: thaw, freeze, probes (measured ~0.3-0.6 s with Docker). */
export const TRIAL_OVERHEAD_S = 0.5;

export interface TrialStageResult {
  pairs: Pair[];
  rounds: number;
  irqTimeAccounted: boolean;
  sequential: SequentialPlan | null;
  stop: NonNullable<Schedule['stop']>;
}

/** Seconds the run needs after its last round: memory after load (1 s settle per target), stopping, writing. */
export function tailSeconds(targets: number): number {
  return 5 + 2 * targets;
}

/** The length of a round before any is timed. */
export function estimatedRoundSeconds(pairs: number, o: { rewarmS: number; durationS: number }): number {
  return pairs * (o.rewarmS + o.durationS + TRIAL_OVERHEAD_S);
}

export async function trialStage(ctx: BenchContext): Promise<TrialStageResult> {
  const { run, options, events, placement } = ctx;
  const built: Pair[] = ctx.states.filter(isOk).flatMap((state) =>
    ctx.scenariosOf(state).map((scenario) => ({ state, scenario, request: materializeScenario(scenarioRequest(ctx.contractOf(state), scenario)), trials: [] })),
  );
  const pairs = withLoads(built, options);
  const loadGenerator = run.loadGenerator ?? runLoad;
  if (options.sloP99Us !== null) {
    events.stage(`SLO search: per target and scenario, the highest rate with P99 <= ${options.sloP99Us / 1000} ms`);
    await findSloRates({ pairs, loadGenerator, engine: options.engine, connections: options.connections, workers: placement.loadgenCpus.length, warmupS: options.warmupS, durationS: options.durationS, signal: run.signal }, events);
  }
  const irqTimeAccounted = kernelAccountsIrqTime();
  const adaptive = !options.fixedTrials && options.schedule === 'interleaved';
  const tailS = tailSeconds(ctx.states.length);
  const roundS = estimatedRoundSeconds(pairs.length, options);
  const firstWarmupS = pairs.length * Math.max(0, options.warmupS - options.rewarmS);
  const roomS = ctx.clock.remainingS() - tailS - firstWarmupS;
  const fits = Math.floor(roomS / Math.max(roundS, 1e-3));
  const lastLook = Math.max(2, Math.min(options.maxRounds, fits));
  const firstLook = Math.min(options.trials, lastLook);
  const sequential: SequentialPlan | null = adaptive ? { alpha: FIXED_ALPHA, firstLook, lastLook, looks: spacedLooks(firstLook, lastLook) } : null;
  const asked = allPending(run.asked ?? []);
  // the frame the asked comparisons judge the rounds in: this run, this machine (probed cheaply)
  const frame: ProvisionalFrame = {
    schemaVersion: SCHEMA_VERSION,
    langbench: { version: langbenchVersion(), gitCommit: null },
    startedAt: ctx.startedAt.toISOString(),
    machine: { hostname: 'this run', cpuModel: '', cores: placement.serverCpus.length + placement.loadgenCpus.length, memoryBytes: 1, kernel: '', os: '', arch: '', fingerprint: 'this run' } as ProvisionalFrame['machine'],
    options: { ...options, runtimeUsed: run.runtime.kind } as unknown as ProvisionalFrame['options'],
    ...(run.twoMachines ? { twoMachines: { serverAddress: run.twoMachines.options.serverAddress } as ProvisionalFrame['twoMachines'] } : {}),
  };
  const scheduleSoFar = (rounds: number): Schedule =>
    ({ kind: options.schedule, seed: ctx.seed, rewarmS: options.rewarmS, freeze: '', disturbedPct: options.disturbedPct, maxReruns: options.maxReruns, rounds, ...(sequential ? { sequential } : {}) });
  const stopper = roundStopper({
    plan: sequential ?? { alpha: FIXED_ALPHA, firstLook: Number.MAX_SAFE_INTEGER, lastLook: Number.MAX_SAFE_INTEGER },
    clock: ctx.clock,
    tailS,
    estimatedRoundS: roundS + firstWarmupS,
    pendingAfter: (rounds) => (pairs.length === 0 ? { asked: 0, pending: [] } : asked(provisionalResult(frame, ctx.states, pairs, options, scheduleSoFar(rounds)), lastLook)),
    onRound: ({ round, roundS: took, pending, remainingS, meanRoundS }) => {
      const more = Math.max(0, Math.floor(remainingS / meanRoundS));
      const far = pending.outOfReach ?? [];
      const undecided = pending.pending.length + far.length;
      const open = undecided
        ? `${undecided} of ${pending.asked} asked comparisons undecided (${[...pending.pending, ...far.map((f) => `${f}, likely beyond this budget`)].join('; ')})`
        : pending.asked ? `every asked comparison decided` : 'no comparison asked';
      // between looks the comparisons are judged as the next look will judge them; only a look may stop the run
      const next = sequential ? nextLook(sequential, round) : null;
      const look = next === null ? '' : next === round ? ' (a look)' : ` (next look after round ${next})`;
      events.info(`round ${round} took ${formatDuration(took)}; ${open}${look}; ${formatDuration(Math.max(0, remainingS))} of the budget left: room for ${more} more round${more === 1 ? '' : 's'}${adaptive ? ` (at most ${lastLook})` : ''}`);
    },
  });
  if (adaptive) {
    const count = sequential!.firstLook === lastLook ? `${lastLook}` : `${sequential!.firstLook} to ${lastLook}`;
    events.stage(`trials: ${pairs.length} target × scenario pairs a round, about ${formatDuration(roundS)} a round; ${count} rounds, stopping once every asked comparison is decided or the budget (${formatDuration(ctx.clock.budgetS)}, ${formatDuration(Math.max(0, ctx.clock.remainingS()))} left) has no room for another; it looks after rounds ${sequential!.looks!.join(', ')}`);
    if (fits < options.trials) {
      const message = `the budget leaves room for ${Math.max(fits, 0)} rounds, fewer than the ${options.trials} an adaptive run makes: ${lastLook} will run; raise --budget for tighter intervals`;
      events.warn(message);
      ctx.warnings.push(message);
    }
  }
  const rounds = await runTrialRounds(
    {
      pairs,
      kind: options.schedule,
      random: ctx.random,
      trials: options.trials,
      maxReruns: options.maxReruns,
      warmupS: options.warmupS,
      rewarmS: options.rewarmS,
      durationS: options.durationS,
      connections: options.connections,
      loadGenerator,
      engine: options.engine,
      probes: run.probes ?? MACHINE_PROBES,
      placement,
      disturbedPct: options.disturbedPct,
      irqTimeAccounted,
      adaptive,
      // an A/B's two revisions of a target are compared, so they run side by side
      groupOf: (p) => `${options.ab !== null ? `${abBaseName(p.state.result.name)} ` : ''}${p.load ? scenarioResultName(p.load) : p.scenario}`,
      // fixed runs are still bound by the budget (a round stopper whose plan never looks)
      ...(options.schedule === 'interleaved' ? { beforeRound: stopper.beforeRound } : {}),
      signal: run.signal,
    },
    events,
  );
  return { pairs, rounds, irqTimeAccounted, sequential, stop: stopRecord(stopper.state, rounds, adaptive, pairs.length) };
}

function stopRecord(state: StopState, rounds: number, adaptive: boolean, pairs: number): NonNullable<Schedule['stop']> {
  if (pairs === 0 || rounds === 0) return { reason: 'no-trials', pending: [], asked: 0 };
  const reason = state.reason ?? (adaptive ? 'last-look' : 'fixed');
  return { reason: !adaptive && reason !== 'budget' ? 'fixed' : reason, pending: [...state.pending.pending, ...(state.pending.outOfReach ?? [])], asked: state.pending.asked };
}
