import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../harness/stats/mann-whitney.js';
import { midRanks } from '../harness/stats/mid-ranks.js';
import { smallestTwoSidedP, trialsNeeded } from '../harness/stats/smallest-p.js';

const range = (a: number, b: number, step = 1): number[] => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);

/** brute force: every split of the pooled sample, mid-ranks, twice the smaller tail */
function bruteForceP(x: number[], y: number[]): number {
  const all = [...x, ...y];
  const { ranks } = midRanks(all);
  const w = ranks.slice(0, x.length).reduce((a, b) => a + b, 0);
  let lower = 0;
  let upper = 0;
  let total = 0;
  const choose = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      total++;
      if (sum <= w + 1e-9) lower++;
      if (sum >= w - 1e-9) upper++;
      return;
    }
    for (let i = start; i <= all.length - left; i++) choose(i + 1, left - 1, sum + ranks[i]!);
  };
  choose(0, x.length, 0);
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

describe('exact two-sided Mann-Whitney U matches published p-values', () => {
  // METHODOLOGY.md: the smallest p per side size (fully separated samples)
  it.each([
    [6, 0.0022],
    [5, 0.0079],
    [4, 0.029],
  ])('n=%i vs %i fully separated: p = %f', (n, published) => {
    const r = mannWhitneyU(range(1, n), range(101, 100 + n));
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(published, published < 0.01 ? 4 : 3);
    expect(r.u).toBe(0);
    expect(mannWhitneyU(range(101, 100 + n), range(1, n)).p).toBe(r.p); // symmetric
  });

  // published test values: golang.org/x/perf internal/stats (benchstat), JuliaStats HypothesisTests.jl
  it.each([
    ['benchstat: 4 vs 4 separated', [2, 1, 3, 5], [12, 11, 13, 15], 0.028571428571428577, 1e-12],
    ['benchstat: 4 vs 4 interleaved, no ties', [2, 1, 3, 5], [0, 4, 6, 7], 0.48571428571428577, 1e-12],
    ['benchstat: identical samples (ties)', [2, 1, 3, 5], [2, 1, 3, 5], 1, 1e-12],
    ['benchstat: ties with a constant sample', [2, 1, 3, 5], [2, 2, 2, 2], 0.7142857142857143, 1e-12],
    ['HypothesisTests.jl: 10 vs 10, no ties', range(1, 10), range(2.1, 21, 2), 0.0232, 1e-4],
    ['HypothesisTests.jl: 10 vs 10, no ties (2)', range(1.5, 100, 10), range(2.1, 21, 2), 0.0068, 1e-4],
    ['HypothesisTests.jl: ties 1:10 vs 2:11', range(1, 10), range(2, 11), 0.5096, 1e-4],
    ['HypothesisTests.jl: heavy ties', range(1, 10), [1, 2, 3, 4, 5, 1, 1, 1, 1, 1], 0.0057, 1e-4],
  ])('%s', (_name, x, y, published, tolerance) => {
    const r = mannWhitneyU(x as number[], y as number[]);
    expect(r.method).toBe('exact');
    expect(Math.abs(r.p - (published as number))).toBeLessThanOrEqual(tolerance as number);
  });

  it('reports ties and computes U with half counts', () => {
    const r = mannWhitneyU([1, 2, 2], [2, 3]);
    expect(r.ties).toBe(true);
    expect(r.u).toBe(0 + 0.5 + 0.5 + 0 + 0 + 0); // pairs x>y plus half the ties: 1 vs 2,3: 0; 2 vs 2: .5; 2 vs 2: .5
  });

  it.each([
    [[100, 100, 101, 102, 102, 103], [101, 101, 102, 104, 105, 105]],
    [[5, 5, 5, 6, 7], [5, 6, 6, 8, 8, 8, 9]],
    [[1, 1, 1], [1, 1, 2]],
    [[3.5, 2, 2, 9, 4, 4, 4], [4, 4, 1, 9, 10]],
  ])('agrees with brute-force enumeration of the permutation distribution with ties: %j vs %j', (x, y) => {
    expect(mannWhitneyU(x, y).p).toBeCloseTo(bruteForceP(x, y), 12);
  });

  it('all values equal gives p = 1', () => {
    expect(mannWhitneyU([7, 7, 7], [7, 7, 7, 7]).p).toBe(1);
  });

  it('large samples use the normal approximation with tie and continuity correction (R wilcox.test values via benchstat)', () => {
    const l1 = Array.from({ length: 500 }, (_, i) => i * 2);
    const l2 = Array.from({ length: 600 }, (_, i) => i * 2 - 41);
    const r = mannWhitneyU(l1, l2);
    expect(r.method).toBe('normal');
    expect(r.p).toBeCloseTo(0.0049335360814172224, 6);
    expect(mannWhitneyU(l1, l1).p).toBe(1);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/both sides/);
    expect(() => mannWhitneyU([1, NaN], [1])).toThrow(/finite/);
  });
});

describe('smallest achievable p and trials needed', () => {
  it.each([
    [4, 4, 2 / 70],
    [5, 5, 2 / 252],
    [6, 6, 2 / 924],
    [3, 3, 0.1],
    [1, 1, 1],
    [6, 5, 2 / 462],
  ])('n1=%i n2=%i: %f', (n1, n2, p) => {
    expect(smallestTwoSidedP(n1, n2)).toBeCloseTo(p, 12);
  });

  it.each([
    [0.05, 4],
    [0.01, 5],
    [0.05 / 15, 6], // METHODOLOGY.md: 3 targets x 5 metrics -> 0.0033 -> n = 6
    [0.05 / 40, 7],
  ])('level %f needs %i trials per side', (level, n) => {
    expect(trialsNeeded(level)).toBe(n);
  });
});
