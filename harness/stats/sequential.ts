// Looking after every round without inflating the error rate. A run that stops as soon as its
// comparisons are decided peeks at its data many times; a 95% interval read at each peek would be
// wrong far more than 5% of the time (Armitage et al. 1969: five looks at 0.05 give ~14%). So the
// run's error budget alpha is spent over its planned looks (Lan–DeMets alpha spending with the
// power family alpha·t^3, close to O'Brien–Fleming: little early, most at the end), each look's
// interval is read at its own level 1 − alpha_look, and a union bound makes every look's interval
// hold at once with probability at least 1 − alpha. A verdict taken at whatever look the run
// stops at is then wrong at most alpha of the time, however the stopping was decided.

/** How a run looks at its data; recorded in the result so every reader judges at the same level. */
export interface SequentialPlan {
  /** the whole run's error budget (two-sided) */
  alpha: number;
  /** the first round after which the run may stop */
  firstLook: number;
  /** the last round the run may reach (from the time budget); no look beyond it */
  lastLook: number;
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
  const before = round <= plan.firstLook ? 0 : spent(plan, round - 1);
  return spent(plan, round) - before;
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
