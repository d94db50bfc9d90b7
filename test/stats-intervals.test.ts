import { describe, expect, it } from 'vitest';
import { holmAdjust, holmStrictestLevel } from '../harness/stats/holm.js';
import { medianInterval } from '../harness/stats/median-interval.js';
import { ratioToReference } from '../harness/stats/ratio-to-reference.js';
import { relativeShift } from '../harness/stats/relative-shift.js';
import { uNullCdf } from '../harness/stats/u-null-distribution.js';

describe('Holm-Bonferroni', () => {
  it('matches R p.adjust(method = "holm")', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 12));
  });
  it('caps at 1 and handles an empty family', () => {
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
    expect(holmStrictestLevel(0.05, 15)).toBeCloseTo(0.00333, 5);
  });
});

describe('median interval (order statistics)', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6], 3.5, 1, 6, 0.9688],
    [[5, 1, 4, 2, 3], 3, 1, 5, 0.9375],
    [Array.from({ length: 10 }, (_, i) => i + 1), 5.5, 2, 9, 0.9785],
  ])('%j: median %f in [%f, %f] at %f', (xs, med, low, high, level) => {
    const m = medianInterval(xs);
    expect(m.median).toBe(med);
    expect(m.ci95).toEqual({ low, high, level });
  });
});

describe('delta %: Hodges-Lehmann ratio with its distribution-free interval', () => {
  it('U null distribution: n=6 vs 6 critical value 5 at two-sided 0.05 (published tables)', () => {
    const cdf = uNullCdf(6, 6);
    expect(cdf[5]).toBeLessThanOrEqual(0.025);
    expect(cdf[6]).toBeGreaterThan(0.025);
    expect(cdf[0]).toBeCloseTo(1 / 924, 12);
    expect(cdf[36]).toBeCloseTo(1, 12);
  });

  it('a clean 20% drop reads -20% with an interval around it, coverage 95.9% for 6 vs 6', () => {
    const base = [100, 101, 99, 102, 98, 100.5];
    const cur = base.map((v) => v * 0.8);
    const d = relativeShift(base, cur)!;
    expect(d.method).toBe('log-ratio');
    expect(d.pct).toBeCloseTo(-20, 6);
    expect(d.low).toBeLessThan(-20);
    expect(d.high).toBeGreaterThan(-20);
    expect(d.high).toBeLessThan(-17);
    expect(d.level).toBe(0.9589);
  });

  it('is deterministic and symmetric in the log sense', () => {
    const a = [10, 11, 12, 13, 9, 10.5];
    const b = [12, 13, 14, 12.5, 13.5, 12];
    expect(relativeShift(a, b)).toEqual(relativeShift(a, b));
    const up = relativeShift(a, b)!;
    const down = relativeShift(b, a)!;
    expect((1 + up.pct / 100) * (1 + down.pct / 100)).toBeCloseTo(1, 10);
  });

  it('states the coverage it reaches when 95% is impossible (3 vs 3: 90%)', () => {
    const d = relativeShift([1, 2, 3], [2, 3, 4])!;
    expect(d.level).toBe(0.9);
  });

  it('large samples (over 50 in all) use the normal approximation for the interval ranks', () => {
    const base = Array.from({ length: 40 }, (_, i) => 100 + ((i * 7) % 13) - 6);
    const cur = base.map((v) => v * 1.1);
    const d = relativeShift(base, cur)!;
    expect(d.pct).toBeCloseTo(10, 6);
    expect(d.low).toBeLessThan(10);
    expect(d.high).toBeGreaterThan(10);
    expect(d.level).toBe(0.95);
  });

  it('falls back to differences relative to the baseline median when a value is 0', () => {
    const d = relativeShift([0, 10, 10], [5, 15, 15])!;
    expect(d.method).toBe('difference');
    expect(d.pct).toBeCloseTo(50, 10);
    expect(relativeShift([], [1])).toBeNull();
  });
});

describe('ratio to a reference target', () => {
  it('cancels machine speed and propagates both intervals', () => {
    const ref = [100, 102, 98, 101, 99, 100];
    const t = [200, 204, 196, 202, 198, 200];
    const r = ratioToReference(t, ref)!;
    expect(r.ratio).toBeCloseTo(2, 10);
    expect(r.low).toBeLessThan(2);
    expect(r.high).toBeGreaterThan(2);
    const fast = ratioToReference(t.map((v) => v * 3), ref.map((v) => v * 3))!;
    expect(fast.ratio).toBeCloseTo(r.ratio, 10);
    expect(fast.low).toBeCloseTo(r.low, 10);
    expect(r.samples).toEqual(t.map((v, i) => v / ref[i]!));
    // wider than either input alone (quadrature)
    const tOnly = Math.log(202 / 198) / 2;
    expect(Math.log(r.high / r.ratio)).toBeGreaterThan(tOnly);
  });
  it('is null without positive values', () => {
    expect(ratioToReference([1], [0])).toBeNull();
    expect(ratioToReference([], [1])).toBeNull();
  });
});
