// The sequential rule: alpha spent over looks, and the error rate it holds when a run peeks after
// every round and stops as soon as it likes what it sees (the most a stopping rule can cheat).
import { describe, expect, it } from 'vitest';
import { fixedPlan, lookAlpha, lookLevel, looksOf, spacedLooks, stoppingAlpha, type SequentialPlan } from '../harness/stats/sequential.js';
import { logTInterval, samplesToReach } from '../harness/stats/log-t-interval.js';
import { seededRandom } from '../harness/stats/seeded-random.js';
import { verdictLevel } from '../harness/metrics/verdict-level.js';

/** Box–Muller from the seeded stream. */
function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Student t with 3 degrees of freedom: heavy tails like a trial that a neighbour hit. */
function heavy(random: () => number): number {
  const z = normal(random);
  const chi = normal(random) ** 2 + normal(random) ** 2 + normal(random) ** 2;
  return z / Math.sqrt(chi / 3);
}

/**
 * Share of A/A streams (true ratio 1) in which the interval at some look from firstLook to lastLook
 * excludes 1: an adversary that stops at the first such look would report a false difference then.
 */
function everExcludes(plan: SequentialPlan, draw: () => number, streams: number): number {
  let bad = 0;
  for (let s = 0; s < streams; s++) {
    const ratios: number[] = [];
    let excluded = false;
    for (let r = 1; r <= plan.lastLook && !excluded; r++) {
      ratios.push(Math.exp(0.05 * draw()));
      const level = lookLevel(plan, r);
      if (r < plan.firstLook || level === null) continue;
      const t = logTInterval(ratios, level)!;
      if (t.low > 1 || t.high < 1) excluded = true;
    }
    if (excluded) bad++;
  }
  return bad / streams;
}

describe('alpha spending over looks', () => {
  it('spends at most alpha in all, nothing before the first look is a look, nothing past the last', () => {
    const plan = { alpha: 0.05, firstLook: 5, lastLook: 12 };
    let total = 0;
    for (let r = 1; r <= 20; r++) if (r >= plan.firstLook) total += lookAlpha(plan, r);
    expect(total).toBeCloseTo(0.05, 10);
    // the first look spends everything up to it; early looks spend little (most is kept for the end)
    expect(lookAlpha(plan, 5)).toBeCloseTo(0.05 * (5 / 12) ** 3, 12);
    expect(lookAlpha(plan, 6)).toBeLessThan(lookAlpha(plan, 12));
    expect(lookAlpha(plan, 13)).toBe(0);
    // a run stopped by its budget before the first look: that stop is its only look
    expect(lookAlpha(plan, 3)).toBeCloseTo(0.05 * (3 / 12) ** 3, 12);
    expect(lookLevel(fixedPlan(0.05, 6), 6)).toBeCloseTo(0.95, 12);
  });

  it('a result file is read at the level of the look its run stopped at; a fixed run at 95%', () => {
    const sequential = { alpha: 0.05, firstLook: 5, lastLook: 10 };
    const schedule = { kind: 'interleaved' as const, seed: 1, rewarmS: 1, freeze: '', disturbedPct: 10, maxReruns: 0 };
    expect(verdictLevel({ schedule: { ...schedule, rounds: 7, sequential } })).toBeCloseTo(1 - lookAlpha(sequential, 7), 12);
    expect(verdictLevel({ schedule: { ...schedule, rounds: 7 } })).toBe(0.95);
    expect(verdictLevel({})).toBe(0.95);
  });
});

describe('spaced looks', () => {
  it('look about 1.5× the rounds of the one before, spend alpha over those looks only, and keep most for the end', () => {
    expect(spacedLooks(6, 30)).toEqual([6, 9, 14, 21, 30]);
    expect(spacedLooks(6, 11)).toEqual([6, 9, 11]);
    expect(spacedLooks(4, 4)).toEqual([4]);
    expect(spacedLooks(2, 3)).toEqual([2, 3]);
    const plan = { alpha: 0.05, firstLook: 6, lastLook: 30, looks: spacedLooks(6, 30) };
    let total = 0;
    for (let r = 1; r <= 40; r++) total += lookAlpha(plan, r);
    expect(total).toBeCloseTo(0.05, 12);
    expect(lookAlpha(plan, 7)).toBe(0);
    // the last of five looks keeps far more than the last of 25 would
    const everyRound = { alpha: 0.05, firstLook: 6, lastLook: 30 };
    expect(lookAlpha(plan, 30)).toBeGreaterThan(0.03);
    expect(lookAlpha(everyRound, 30)).toBeLessThan(0.005);
    expect(looksOf(everyRound)).toHaveLength(25);
  });

  it('a stop the time budget forced spends what earlier looks left; a decided stop reads its own look', () => {
    const plan = { alpha: 0.05, firstLook: 6, lastLook: 30, looks: spacedLooks(6, 30) };
    const spentBy9 = lookAlpha(plan, 6) + lookAlpha(plan, 9);
    expect(stoppingAlpha(plan, 11, 'budget')).toBeCloseTo(0.05 - spentBy9, 12);
    expect(stoppingAlpha(plan, 9, 'budget')).toBeCloseTo(0.05 - lookAlpha(plan, 6), 12);
    expect(stoppingAlpha(plan, 9, 'decided')).toBeCloseTo(lookAlpha(plan, 9), 12);
    expect(stoppingAlpha(plan, 30, 'last-look')).toBeCloseTo(lookAlpha(plan, 30), 12);
    // before any look: the only look, with everything
    expect(stoppingAlpha(plan, 4, 'budget')).toBeCloseTo(0.05, 12);
    const schedule = { kind: 'interleaved' as const, seed: 1, rewarmS: 1, freeze: '', disturbedPct: 10, maxReruns: 0 };
    expect(verdictLevel({ schedule: { ...schedule, rounds: 11, sequential: plan, stop: { reason: 'budget', pending: [], asked: 1 } } })).toBeCloseTo(1 - (0.05 - spentBy9), 12);
    // while the run goes on, a round between looks is judged as the next look will judge it
    expect(verdictLevel({ schedule: { ...schedule, rounds: 11, sequential: plan } })).toBeCloseTo(1 - lookAlpha(plan, 14), 12);
  });

  it('hold alpha on A/A streams that stop when decided, or where the budget ends them', () => {
    const random = seededRandom(15);
    let bad = 0;
    const streams = 3000;
    for (let s = 0; s < streams; s++) {
      // the budget's end is set by the clock, not the data: any round from 6 to 30
      const budgetEnd = 6 + Math.floor(random() * 25);
      const plan = { alpha: 0.05, firstLook: 6, lastLook: 30, looks: spacedLooks(6, 30) };
      const ratios: number[] = [];
      for (let r = 1; r <= budgetEnd; r++) {
        ratios.push(Math.exp(0.05 * heavy(random)));
        const final = r === budgetEnd;
        const alpha = final ? stoppingAlpha(plan, r, 'budget') : lookAlpha(plan, r);
        if (alpha === 0) continue;
        const t = logTInterval(ratios, 1 - alpha)!;
        // the most a stopping rule can cheat: stop at the first look that excludes 1
        if (t.low > 1 || t.high < 1) {
          bad++;
          break;
        }
      }
    }
    expect(bad / streams).toBeLessThanOrEqual(0.06);
  });
});

describe('the sequential rule on simulated A/A streams', () => {
  const streams = 3000;
  // binomial noise of 3000 streams at 5%: sd 0.4 points; 6% is 2.5 sd above the stated level
  it('holds alpha when peeking after every round: normal noise', () => {
    const random = seededRandom(11);
    const rate = everExcludes({ alpha: 0.05, firstLook: 3, lastLook: 15 }, () => normal(random), streams);
    expect(rate).toBeLessThanOrEqual(0.06);
  });

  it('holds alpha on heavy-tailed noise (t with 3 degrees of freedom)', () => {
    const random = seededRandom(12);
    const rate = everExcludes({ alpha: 0.05, firstLook: 4, lastLook: 20 }, () => heavy(random), streams);
    expect(rate).toBeLessThanOrEqual(0.06);
  });

  it('while a fixed 95% interval read at every look does not: the reason for the rule', () => {
    const random = seededRandom(13);
    let bad = 0;
    for (let s = 0; s < streams; s++) {
      const ratios: number[] = [];
      for (let r = 1; r <= 15; r++) {
        ratios.push(Math.exp(0.05 * normal(random)));
        if (r < 3) continue;
        const t = logTInterval(ratios, 0.95)!;
        if (t.low > 1 || t.high < 1) {
          bad++;
          break;
        }
      }
    }
    expect(bad / streams).toBeGreaterThan(0.15);
  });

  it('still decides a real 10% difference well within the looks', () => {
    const random = seededRandom(14);
    const plan = { alpha: 0.05, firstLook: 5, lastLook: 15 };
    let decided = 0;
    for (let s = 0; s < 500; s++) {
      const ratios: number[] = [];
      for (let r = 1; r <= plan.lastLook; r++) {
        ratios.push(0.9 * Math.exp(0.04 * normal(random)));
        if (r < plan.firstLook) continue;
        if (logTInterval(ratios, lookLevel(plan, r)!)!.high < 0.95) {
          decided++;
          break;
        }
      }
    }
    expect(decided / 500).toBeGreaterThan(0.8);
  });
});

describe('the log-t interval', () => {
  it('is the geometric mean with a t interval on the logs, symmetric as a ratio', () => {
    const t = logTInterval([100, 110, 121], 0.95)!;
    expect(t.centre).toBeCloseTo(110, 9);
    expect(t.low * t.high).toBeCloseTo(110 * 110, 6);
    expect(logTInterval([5], 0.95)).toBeNull();
    expect(logTInterval([5, 0], 0.95)).toBeNull();
  });

  it('estimates the samples a narrower interval needs', () => {
    const t = logTInterval([1, 1.1, 0.9, 1.05, 0.95, 1.02], 0.99)!;
    const needed = samplesToReach(t, 0.02);
    expect(needed).toBeGreaterThan(6);
    expect(samplesToReach(t, 0.5)).toBeLessThanOrEqual(6);
  });
});

describe('steal as a covariate of paired rounds', () => {
  it('takes out what the steal on each side explains, and nothing when there is none to explain', async () => {
    const { adjustedLogTInterval, shareLeftCovariate } = await import('../harness/stats/log-t-interval.js');
    const random = seededRandom(21);
    // A/A rounds: the ratio is 1 at equal steal; each side's steal costs it in proportion
    const steal = Array.from({ length: 10 }, () => [random() * 40, random() * 40] as const);
    const covariate = steal.map(([a, b]) => shareLeftCovariate(a)! - shareLeftCovariate(b)!);
    const ratios = covariate.map((c) => Math.exp(2 * c + 0.02 * normal(random)));
    const plain = logTInterval(ratios, 0.99)!;
    const adjusted = adjustedLogTInterval(ratios, covariate, 0.99)!;
    expect(adjusted.slope!).toBeGreaterThan(1.5);
    expect(adjusted.low).toBeLessThan(1);
    expect(adjusted.high).toBeGreaterThan(1);
    expect(Math.log(adjusted.high / adjusted.low)).toBeLessThan(Math.log(plain.high / plain.low) / 3);
    // no steal to speak of: the plain interval, decided on the covariate alone
    const flat = adjustedLogTInterval(ratios, ratios.map(() => 0), 0.99)!;
    expect(flat.slope).toBeNull();
    expect(flat.low).toBeCloseTo(plain.low, 12);
    expect(shareLeftCovariate(null)).toBeNull();
  });

  it('holds alpha on A/A streams whose rounds the host robbed unevenly', async () => {
    const { adjustedLogTInterval, shareLeftCovariate } = await import('../harness/stats/log-t-interval.js');
    const random = seededRandom(22);
    const plan = { alpha: 0.05, firstLook: 6, lastLook: 15 };
    let bad = 0;
    for (let s = 0; s < 2000; s++) {
      const ratios: number[] = [];
      const covariate: number[] = [];
      for (let r = 1; r <= plan.lastLook; r++) {
        const c = shareLeftCovariate(random() < 0.3 ? random() * 50 : 0)! - shareLeftCovariate(random() < 0.3 ? random() * 50 : 0)!;
        covariate.push(c);
        ratios.push(Math.exp(2.5 * c + 0.05 * heavy(random)));
        if (r < plan.firstLook) continue;
        const t = adjustedLogTInterval(ratios, covariate, lookLevel(plan, r)!)!;
        if (t.low > 1 || t.high < 1) {
          bad++;
          break;
        }
      }
    }
    expect(bad / 2000).toBeLessThanOrEqual(0.06);
  });
});

describe('an unbalanced covariate', () => {
  it('is left out: one side losing more every round may depend on what is compared', async () => {
    const { adjustedLogTInterval } = await import('../harness/stats/log-t-interval.js');
    const random = seededRandom(24);
    // the load generator's cores lose 2.5–5.5% more while one target is measured, every round
    const offset = Array.from({ length: 10 }, () => -0.04 + 0.03 * (random() - 0.5));
    const ratios = offset.map(() => Math.exp(Math.log(7.4) + 0.15 * normal(random)));
    const t = adjustedLogTInterval(ratios, offset, 0.97)!;
    expect(t.slope).toBeNull();
    expect(t.centre).toBeCloseTo(logTInterval(ratios, 0.97)!.centre, 12);
    // the same spread around zero is used
    const centred = offset.map((x) => x + 0.04);
    expect(adjustedLogTInterval(ratios, centred, 0.97)!.slope).not.toBeNull();
  });
});

describe('rounds keep compared pairs together', () => {
  it('shuffles the groups and their members, never splitting a group', async () => {
    const { groupedShuffle } = await import('../harness/bench/schedule.js');
    const keys = ['axum json', 'go json', 'fastapi json', 'axum tool', 'go tool', 'fastapi tool'];
    const random = seededRandom(5);
    const orders = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const order = groupedShuffle(keys, (k) => k.split(' ')[1]!, random);
      expect([...order].sort()).toEqual([...keys].sort());
      const groups = order.map((k) => k.split(' ')[1]);
      expect(groups.slice(0, 3).every((g) => g === groups[0])).toBe(true);
      expect(groups.slice(3).every((g) => g === groups[3])).toBe(true);
      orders.add(order.join(','));
    }
    expect(orders.size).toBeGreaterThan(10);
  });
});
