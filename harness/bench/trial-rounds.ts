// The trials of every (target, scenario), in the schedule's order: thaw the target, warm it up
// (the full warmup before its first trial, a short re-warm after a switch), run one trial, freeze
// it again. Adaptive (the default): every round runs each pair once, and a round stopper decides
// before each round whether another is needed and fits (round-stopper.ts); a disturbed trial just
// leaves its round unpaired. Fixed (--trials): each pair until it has that many clean trials, a
// disturbed one re-run in a later round while the bound allows.
import type { LoadEngineName, LoadGenerator, LoadRequest } from '../load/load-types.js';
import { openRate, scenarioResultName, type ScenarioLoad } from './scenario-load.js';
import type { MachineProbes } from '../system/machine-probes.js';
import type { Trial } from '../results/schema.js';
import type { CpuPlacement } from '../placement/cpu-placement.js';
import type { BenchEvents } from './bench-events.js';
import { cleanTrials } from '../results/clean-trials.js';
import { slots, type ScheduleKind } from './schedule.js';
import { runTrial, warmUp } from './run-trial.js';
import { isOk, type TargetState } from './target-record.js';
import { failTarget } from './lost-engine.js';

export interface Pair {
  state: TargetState;
  scenario: string;
  request: LoadRequest;
  /** closed loop when absent */
  load?: ScenarioLoad;
  trials: Trial[];
}

export interface TrialRoundsPlan {
  pairs: Pair[];
  kind: ScheduleKind;
  random: () => number;
  trials: number;
  maxReruns: number;
  warmupS: number;
  rewarmS: number;
  durationS: number;
  connections: number;
  loadGenerator: LoadGenerator;
  engine?: LoadEngineName;
  probes: MachineProbes;
  placement: CpuPlacement;
  disturbedPct: number;
  irqTimeAccounted: boolean;
  /** every pair in every round, the rounds ended by beforeRound; else a fixed number of clean trials per pair */
  adaptive: boolean;
  /** asked before each interleaved round: false stops the trials (the budget, or every asked comparison decided) */
  beforeRound?: (round: number) => boolean;
  /** pairs compared with each other (a scenario's targets; an A/B's two revisions) run back to back in a round */
  groupOf?: (pair: Pair) => string;
  signal?: AbortSignal;
}

/** A pair wants another trial until it has enough clean ones or has used its re-runs (fixed runs); in adaptive rounds while its target runs. */
function wants(plan: TrialRoundsPlan, pair: Pair): boolean {
  if (!isOk(pair.state)) return false;
  if (plan.adaptive) return true;
  return cleanTrials(pair.trials).length < plan.trials && pair.trials.length < plan.trials + plan.maxReruns;
}

function uniqueStates(pairs: readonly Pair[]): TargetState[] {
  return [...new Set(pairs.map((p) => p.state))];
}

/** Runs every trial; returns the number of rounds it took. */
export async function runTrialRounds(plan: TrialRoundsPlan, events: BenchEvents): Promise<number> {
  const { placement } = plan;
  const workers = placement.loadgenCpus.length;
  let sequence = 0;
  let rounds = 0;
  let previous: Pair | undefined;
  for (const { key: pair, round } of slots(plan.pairs, plan.kind, plan.random, (p) => wants(plan, p), plan.beforeRound, plan.groupOf)) {
    plan.signal?.throwIfAborted();
    if (plan.kind === 'interleaved' && round !== rounds) {
      events.stage(plan.adaptive ? `round ${round}` : `round ${round} (${plan.trials} wanted; re-runs of disturbed trials land in extra rounds)`);
    }
    if (plan.kind === 'sequential' && pair !== previous) events.stage(`${pair.state.result.name} ${pair.scenario}`);
    rounds = Math.max(rounds, round);
    const { state } = pair;
    const server = state.server!;
    const name = state.result.name;
    const others = plan.pairs.flatMap((p) => (p.state !== state && p.state.server && isOk(p.state) ? [p.state.server] : [])).filter((s, i, all) => all.indexOf(s) === i);
    const load = { server, request: pair.request, loadGenerator: plan.loadGenerator, connections: plan.connections, workers, engine: plan.engine, rate: openRate(pair.load), signal: plan.signal };
    const shownAs = pair.load ? scenarioResultName(pair.load) : pair.scenario;
    try {
      await server.thaw();
      if (pair.trials.length === 0) {
        events.phase(name, 'warmup', `${pair.scenario}, ${plan.warmupS} s`);
        await warmUp(load, plan.warmupS);
      } else if (previous !== pair) {
        await warmUp(load, plan.rewarmS);
      }
      const trial = await runTrial({
        ...load,
        probes: plan.probes,
        others,
        durationS: plan.durationS,
        serverCpus: placement.serverCpus,
        loadgenCpus: placement.loadgenCpus,
        serverElsewhere: placement.serverElsewhere,
        disturbedPct: plan.disturbedPct,
        irqTimeAccounted: plan.irqTimeAccounted,
        onProgress: (rps) => events.trialProgress(name, shownAs, rps),
      });
      const exited = server.exitReason();
      if (exited !== undefined) throw new Error(`${name} died during a ${pair.scenario} trial (${exited}); last output:\n${server.outputTail()}`, { cause: server.exitCause?.() });
      await server.freeze();
      pair.trials.push({ ...trial, round, sequence: ++sequence });
      events.trialFinished({
        target: name,
        scenario: shownAs,
        round,
        clean: cleanTrials(pair.trials).length,
        wanted: plan.trials,
        rps: trial.rps,
        p99Us: trial.latencyUs.p99,
        clientBound: trial.clientBound,
        ...(trial.disturbed ? { disturbed: trial.disturbed } : {}),
      });
    } catch (error) {
      plan.signal?.throwIfAborted();
      // a load that failed because the engine took the container with it is the engine's fault too;
      // then no target can run any more: the rounds stop, the trials so far are kept
      if (failTarget(uniqueStates(plan.pairs), state, 'failed', error, events, `round ${round}`, server.exitCause?.())) break;
      // said now, while the other targets go on; the run's end lists every target's status
      events.warn(`${name}: ${(error as Error).message.split('\n')[0]}; it sits out the remaining rounds`);
      await server.stop().catch(() => undefined);
    }
    previous = pair;
  }
  return rounds;
}
