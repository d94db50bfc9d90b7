// When the adaptive rounds stop: once every asked comparison is decided at one of the plan's looks,
// when the next round would not fit the time budget, or at the plan's last look. Asked before each
// round with the rounds complete so far; it never reads a trial's values itself, only the verdicts
// the asked comparisons give at the look's level.
import { looksOf, type SequentialPlan } from '../stats/sequential.js';
import type { Schedule } from '../results/schema.js';
import type { RunClock } from './budget.js';

export type StopReason = NonNullable<Schedule['stop']>['reason'];

export interface Pending {
  /** how many comparisons the run was asked to decide */
  asked: number;
  /** the undecided ones that more rounds could decide within the plan, by name */
  pending: string[];
  /** the undecided ones no round within the plan is likely to decide (too close to their bound for the budget) */
  outOfReach?: string[];
}

export interface StopState {
  reason: StopReason | null;
  /** the asked comparisons after the last complete round */
  pending: Pending;
}

export interface RoundStopperPlan {
  plan: SequentialPlan;
  clock: RunClock;
  /** seconds the run needs after its last round (memory after load, stopping, writing) */
  tailS: number;
  /** a round's length before one has been timed */
  estimatedRoundS: number;
  /** the asked comparisons after `rounds` complete rounds, judged at that look's level */
  pendingAfter(rounds: number): Pending;
  /** told after each complete round: its number, seconds taken, pending comparisons, the budget left */
  onRound?(info: { round: number; roundS: number; pending: Pending; remainingS: number; meanRoundS: number }): void;
}

/** Only a planned look may stop the run as decided: its alpha is what the verdicts are read at. */
function isLook(plan: SequentialPlan, round: number): boolean {
  return looksOf(plan).includes(round);
}

/** A beforeRound callback for schedule.slots, and what it decided. */
export function roundStopper(p: RoundStopperPlan): { beforeRound: (round: number) => boolean; state: StopState } {
  const state: StopState = { reason: null, pending: { asked: 0, pending: [] } };
  let roundStartS = p.clock.elapsedS();
  const durations: number[] = [];
  const beforeRound = (round: number): boolean => {
    const done = round - 1;
    if (done > 0) {
      const now = p.clock.elapsedS();
      durations.push(now - roundStartS);
      state.pending = p.pendingAfter(done);
      const meanRoundS = durations.reduce((a, b) => a + b, 0) / durations.length;
      p.onRound?.({ round: done, roundS: now - roundStartS, pending: state.pending, remainingS: p.clock.remainingS() - p.tailS, meanRoundS });
      if (done >= p.plan.lastLook) return stop('last-look');
      // an undecided comparison holds the rounds while the budget lasts, even one that looks out of
      // reach: its spread is an estimate from few rounds, and the rounds are paid for anyway
      if (isLook(p.plan, done) && state.pending.pending.length === 0 && !state.pending.outOfReach?.length) return stop('decided');
    }
    // every interval needs two rounds: those run even past the budget
    const nextS = durations.length > 0 ? Math.max(...durations.slice(-3)) : p.estimatedRoundS;
    if (done >= 2 && p.clock.remainingS() - p.tailS < nextS) return stop('budget');
    roundStartS = p.clock.elapsedS();
    return true;
  };
  const stop = (reason: StopReason): boolean => {
    state.reason = reason;
    return false;
  };
  return { beforeRound, state };
}
