// Looking at the data as rounds come in without inflating the error rate. A run that stops as soon
// as its comparisons are decided peeks at its data many times; a 95% interval read at each peek
// would be wrong far more than 5% of the time (Armitage et al. 1969: five looks at 0.05 give ~14%).
// So the run's error budget alpha is spent over its planned looks (Lan–DeMets alpha spending with
// the power family alpha·t^3, close to O'Brien–Fleming: little early, most at the end), each look's
// interval is read at its own level 1 − alpha_look, and a union bound makes every look's interval
// hold at once with probability at least 1 − alpha. A verdict taken at whatever look the run
// stops at is then wrong at most alpha of the time, however the stopping was decided.
//
// The union bound charges every look in full, so looks are spaced out (each about 1.5× the rounds
// of the one before: 6, 9, 14, 21, 30) rather than taken after every round: with 25 looks the last
// one kept 0.5% of a 5% budget, with 5 it keeps 3.3%, and the intervals at the end are that much
// narrower. And the round the time budget ends the run at is known before any data of it is seen,
// so that look spends everything earlier looks left (stoppingAlpha).

/** How a run looks at its data; recorded in the result so every reader judges at the same level. */
export interface SequentialPlan {
  /** the whole run's error budget (two-sided) */
  alpha: number;
  /** the first round after which the run may stop */
  firstLook: number;
  /** the last round the run may reach (from the time budget); no look beyond it */
  lastLook: number;
  /**
   * the rounds after which the run looks, firstLook first and lastLook last (spacedLooks); absent
   * in files written before looks were spaced: every round from firstLook to lastLook
   */
  looks?: number[];
}

/** Each look about this many times the rounds of the one before. */
const LOOK_SPACING = 1.5;

/** The looks of a plan from firstLook to lastLook, each about 1.5× the rounds of the one before. */
export function spacedLooks(firstLook: number, lastLook: number): number[] {
  const looks: number[] = [];
  for (let r = firstLook; r < lastLook; r = Math.max(r + 1, Math.ceil(r * LOOK_SPACING))) looks.push(r);
  looks.push(lastLook);
  return looks;
}

/** The rounds after which a plan looks. */
export function looksOf(plan: SequentialPlan): number[] {
  if (plan.looks) return plan.looks;
  return Array.from({ length: Math.max(0, plan.lastLook - plan.firstLook + 1) }, (_, i) => plan.firstLook + i);
}

/** The first look at or after `round`; null beyond the plan. */
export function nextLook(plan: SequentialPlan, round: number): number | null {
  return looksOf(plan).find((l) => l >= round) ?? null;
}

/** The power of the spending function alpha·t^RHO (t = round / lastLook). */
const RHO = 3;

const spent = (plan: SequentialPlan, round: number): number => plan.alpha * Math.min(1, round / plan.lastLook) ** RHO;

/**
 * The error budget of the look after `round`: what the spending function has reached there minus
 * what earlier looks spent. Rounds before firstLook are no looks, so the first look (or a stop
 * forced earlier by the time budget, which is then the only look) spends everything up to it.
 * 0 beyond lastLook: the plan has nothing left there.
 */
export function lookAlpha(plan: SequentialPlan, round: number): number {
  if (round < 1 || round > plan.lastLook) return 0;
  if (plan.looks) {
    const i = plan.looks.indexOf(round);
    if (i < 0) return 0;
    return spent(plan, round) - (i === 0 ? 0 : spent(plan, plan.looks[i - 1]!));
  }
  const before = round <= plan.firstLook ? 0 : spent(plan, round - 1);
  return spent(plan, round) - before;
}

/**
 * The error budget of the verdicts a run ends with. A run that stopped because the time budget
 * (or the plan) ended it stopped at a round fixed before that round's data was seen, so its last
 * look spends all that earlier looks left: the union bound still sums to alpha. A run that stopped
 * because its answers were decided stopped at a look and reads that look's share.
 */
export function stoppingAlpha(plan: SequentialPlan, rounds: number, reason?: 'decided' | 'budget' | 'last-look' | 'fixed' | 'no-trials'): number {
  if ((reason === 'budget' || reason === 'last-look') && rounds >= 1) {
    const earlier = looksOf(plan).filter((l) => l < rounds);
    return plan.alpha - (earlier.length === 0 ? 0 : spent(plan, earlier.at(-1)!));
  }
  return lookAlpha(plan, rounds);
}

/**
 * The error budget a result file's verdicts are read at: a finished run's by why it stopped
 * (stoppingAlpha); a run still going (no stop recorded yet) is judged as its next look will judge
 * it, which is also how files written before stops were recorded read.
 */
export function runAlpha(plan: SequentialPlan, rounds: number, reason?: Parameters<typeof stoppingAlpha>[2]): number {
  if (reason) return stoppingAlpha(plan, rounds, reason);
  return lookAlpha(plan, nextLook(plan, rounds) ?? plan.lastLook);
}

/** A plan with one look: a run of a fixed number of rounds (no stopping early) spends all of alpha there. */
export function fixedPlan(alpha: number, rounds: number): SequentialPlan {
  return { alpha, firstLook: rounds, lastLook: rounds };
}

/** The interval level of the look after `round`; null outside the plan's looks. */
export function lookLevel(plan: SequentialPlan, round: number): number | null {
  const a = lookAlpha(plan, round);
  return a > 0 ? 1 - a : null;
}
