// The pieces that keep a busy machine from producing confident verdicts: the round schedule, the
// per-trial interference arithmetic, the trust of a scenario's trials, and what the claims check
// and the gate do with untrusted data. Known values in, exact values out.
import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled, slots } from '../harness/bench/schedule.js';
import { coreGroupActivity, parseCpuPressure, parseProcStat, type ActivitySnapshot } from '../harness/system/core-activity.js';
import { disturbanceReason, measureInterference } from '../harness/bench/interference.js';
import { summarizeTrials } from '../harness/bench/summarize-trials.js';
import { judge } from '../harness/report/verdict.js';
import { measure, measurePairedRatio } from '../harness/metrics/measure.js';
import { untrustedReason } from '../harness/metrics/trial-quality.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { EXIT_INCONCLUSIVE, EXIT_REGRESSION } from '../harness/errors.js';
import type { Trial } from '../harness/results/schema.js';
import { alterTarget, alterTrials, baseline, target } from './fixtures/results/variants.js';

describe('schedule', () => {
  it('the same seed gives the same shuffles, another seed another order', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const first = [shuffled(items, a), shuffled(items, a)];
    expect([shuffled(items, b), shuffled(items, b)]).toEqual(first);
    expect(shuffled(items, seededRandom(43))).not.toEqual(first[0]);
    expect([...first[0]!].sort()).toEqual(items);
  });

  it('interleaved: one slot of every key per round; a re-run lands in a later round', () => {
    const done = new Map<string, number>([['x', 0], ['y', 0], ['z', 0]]);
    const wanted = (k: string) => done.get(k)! < (k === 'y' ? 3 : 2); // y needs a re-run
    const order: string[] = [];
    for (const { key, round } of slots(['x', 'y', 'z'], 'interleaved', seededRandom(1), wanted)) {
      order.push(`${round}:${key}`);
      done.set(key, done.get(key)! + 1);
    }
    expect(order.filter((o) => o.startsWith('1:')).map((o) => o.slice(2)).sort()).toEqual(['x', 'y', 'z']);
    expect(order.filter((o) => o.startsWith('2:')).map((o) => o.slice(2)).sort()).toEqual(['x', 'y', 'z']);
    expect(order.filter((o) => o.startsWith('3:'))).toEqual(['3:y']);
  });

  it('sequential: every slot of a key before the next key', () => {
    const n = new Map<string, number>([['x', 0], ['y', 0]]);
    const order: string[] = [];
    for (const s of slots(['x', 'y'], 'sequential', seededRandom(1), (k) => n.get(k)! < 2)) {
      n.set(s.key, n.get(s.key)! + 1);
      order.push(`${s.key}${s.round}`);
    }
    expect(order).toEqual(['x1', 'x2', 'y1', 'y2']);
  });
});

const STAT = (t0: number[], t1: number[]) =>
  `cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 ${t0.join(' ')} 0 0\ncpu1 ${t1.join(' ')} 0 0\nintr 1\n`;

function snapshot(atS: number, t0: number[], t1: number[]): ActivitySnapshot {
  return { atNs: BigInt(atS * 1e9), cores: parseProcStat(STAT(t0, t1)), cpuPressureSomeUs: atS * 100_000 };
}

describe('interference', () => {
  // columns: user nice system idle iowait irq softirq steal
  const before = snapshot(0, [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]);
  // 10 s at 100 ticks/s: core 1 (server) busy 900 ticks of 1000 (800 task + 100 softirq), core 0 busy 500 + 100 steal
  const after = snapshot(10, [400, 0, 100, 400, 0, 0, 0, 100], [600, 0, 200, 100, 0, 0, 100, 0]);

  it('parses /proc/stat per core and converts ticks through the elapsed total', () => {
    expect(parseProcStat(STAT([1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, 0])).get(0)).toEqual({ task: 6, irq: 13, steal: 8, total: 36 });
    expect(coreGroupActivity(before, after, [1])).toEqual({ capacityS: 10, taskS: 8, irqS: 1, stealS: 0 });
    expect(parseCpuPressure('some avg10=1.00 avg60=0.50 avg300=0.10 total=123456\nfull avg10=0 avg60=0 avg300=0 total=0\n')).toBe(123456);
  });

  it('foreign CPU is what the cores did beyond the server and langbench', () => {
    const i = measureInterference(before, after, { serverCpus: [1], loadgenCpus: [0], serverS: 6, clientS: 5, othersS: 0, irqTimeAccounted: false });
    // server core: 8 s task + 1 s softirq (charged to tasks on a tick-accounting kernel) - 6 s own = 3 s of 10
    expect(i.serverCores).toEqual({ foreignPct: 30, stealPct: 0 });
    // load generator core: 5 s task - 5 s own, and 1 s stolen by the hypervisor
    expect(i.loadgenCores).toEqual({ foreignPct: 0, stealPct: 10 });
    expect(i.cpuPressurePct).toBeCloseTo(10, 6);
    // with IRQ time accounted apart, softirq is nobody's own time and is left out
    expect(measureInterference(before, after, { serverCpus: [1], loadgenCpus: [0], serverS: 6, clientS: 5, othersS: 0, irqTimeAccounted: true }).serverCores!.foreignPct).toBe(20);
  });

  it('a trial is disturbed at the threshold of foreign CPU, on either group; steal alone never disturbs it', () => {
    const i = measureInterference(before, after, { serverCpus: [1], loadgenCpus: [0], serverS: 6, clientS: 5, othersS: 0, irqTimeAccounted: false });
    // the load generator's cores had 10% steal and no foreign work: recorded, not counted
    expect(i.loadgenCores).toMatchObject({ foreignPct: 0, stealPct: 10 });
    expect(disturbanceReason(i, 10)).toBe('30% foreign CPU on the server cores (threshold 10%)');
    expect(disturbanceReason(i, 5)).toBe('30% foreign CPU on the server cores (threshold 5%)');
    expect(disturbanceReason(i, 31)).toBeNull();
    const quiet = measureInterference(before, after, { serverCpus: [1], loadgenCpus: [0], serverS: 9, clientS: 5, othersS: 0, irqTimeAccounted: false });
    expect(disturbanceReason(quiet, 11)).toBeNull();
  });
});

const trial = (rps: number, p99: number, extra: Partial<Trial> = {}): Trial => ({
  rps, latencyUs: { p50: p99 / 2, p90: p99 * 0.8, p99, p999: p99 * 2, max: p99 * 3 }, errors: 0, non2xx: 0, timeouts: 0,
  clientCpuPct: 50, serverCpuPct: 50, peakRssBytes: 1e6, clientBound: false, ...extra,
});

describe('trust of a scenario', () => {
  it('summarises only clean trials', () => {
    const s = summarizeTrials([trial(100, 1000), trial(102, 1000), trial(10, 9000, { disturbed: 'x' }), trial(101, 1000)]);
    expect(s.rps.median).toBe(101);
    expect(s).toMatchObject({ cleanTrials: 3, disturbedTrials: 1, trust: 'ok' });
  });

  it('mostly disturbed only below two clean trials; noisy clean trials stay trusted (their interval widens instead)', () => {
    expect(summarizeTrials([trial(100, 1000), trial(50, 1000, { disturbed: 'x' }), trial(50, 1000, { disturbed: 'x' })])).toMatchObject({
      trust: 'mostly-disturbed', trustReason: 'only 1 of 3 trials ran without foreign work on their cores',
    });
    // two clean of five: an interval, so a verdict where it is decisive
    expect(summarizeTrials([trial(100, 1000), trial(98, 1000), trial(5, 1000, { disturbed: 'x' }), trial(5, 1000, { disturbed: 'x' }), trial(5, 1000, { disturbed: 'x' })]).trust).toBe('ok');
    const noisy = summarizeTrials([trial(100, 1000), trial(150, 1000), trial(60, 1000), trial(120, 1000)]);
    expect(noisy.trust).toBe('ok');
    expect(noisy.cv!.rps).toBeGreaterThan(0.3);
    // a file written under the old CV rule reads by today's: 'unstable' is no reason to withhold a verdict
    const old = { name: 'json', trials: [trial(100, 1000), trial(150, 1000)], summary: { ...noisy, trust: 'unstable' as const } };
    expect(untrustedReason(old)).toBeUndefined();
  });

  it('an untrusted measurement gives no verdict, however clear it looks', () => {
    const band = { low: 100, high: 200 };
    expect(judge({ median: 1000, low: 900, high: 1100, level: 0.95 }, band, 1)).toEqual({ kind: 'higher', factor: 5 });
    expect(judge({ median: 1000, low: 900, high: 1100, level: 0.95, untrusted: 'mostly disturbed: only 1 of 6 trials' }, band, 1)).toEqual({ kind: 'inconclusive', reason: 'mostly disturbed' });
  });

  it('an interval straddling the band says by how much and about how many samples would decide it', () => {
    const band = { low: 100, high: 200 };
    const v = judge({ median: 190, low: 170, high: 212, level: 0.99, spread: { n: 6, logSd: 0.08 } }, band, 1);
    expect(v.kind).toBe('inconclusive');
    if (v.kind !== 'inconclusive') return;
    expect(v.straddles!.edge).toBe(200);
    expect(v.reason).toMatch(/^straddles 200: -15% to \+6% of it; about \d+ samples in all would likely decide it \(6 now\)$/);
    // more spread needs more samples; a centre on the edge cannot be decided by more samples
    const wider = judge({ median: 190, low: 150, high: 240, level: 0.99, spread: { n: 6, logSd: 0.2 } }, band, 1);
    expect(wider.kind === 'inconclusive' && wider.straddles!.samplesNeeded! > v.straddles!.samplesNeeded!).toBe(true);
    const onEdge = judge({ median: 200, low: 180, high: 222, level: 0.99, spread: { n: 6, logSd: 0.08 } }, band, 1);
    expect(onEdge.kind === 'inconclusive' && onEdge.straddles!.samplesNeeded).toBeNull();
  });
});

describe('a cold start that is mostly the launcher', () => {
  it('gives no verdict (launcher-bound), as a client-bound requests/s gives none', () => {
    const r = alterTarget(baseline(), 'axum', (t) => {
      t.coldStartMs.serverMs = t.coldStartMs.median! * 0.4;
    });
    expect(measure('coldStart', target(r, 'axum'), null)!.untrusted).toMatch(/^launcher-bound: the launcher floor is 60% of it$/);
    expect(measure('coldStart', target(baseline(), 'axum'), null)!.untrusted).toBeUndefined();
  });
});

describe('ratios from paired rounds', () => {
  it('pairs trial r of one target with trial r of the other, clean trials only', () => {
    const r = baseline();
    const withRounds = alterTrials(r, null, (t, i) => {
      t.round = i + 1;
    });
    const a = target(withRounds, 'axum');
    const g = target(withRounds, 'go-nethttp');
    const s = a.scenarios[0]!.name;
    // a disturbance in round 1 halves both: the per-round ratio does not move
    a.scenarios[0]!.trials.forEach((t, i) => (t.rps = i === 0 ? 50 : 100));
    g.scenarios.find((x) => x.name === s)!.trials.forEach((t, i) => (t.rps = i === 0 ? 25 : 50));
    expect(measurePairedRatio('rps', a, g, s)!.median).toBe(2);
    // a disturbed trial drops its round from the pairs
    a.scenarios[0]!.trials[1]!.disturbed = 'x';
    a.scenarios[0]!.trials[1]!.rps = 1;
    expect(measurePairedRatio('rps', a, g, s)!.median).toBe(2);
    expect(measurePairedRatio('rps', a, g, s)!.untrusted).toBeUndefined();
    // an unsteady ratio is never voided: its interval widens, and the stricter the level the wider
    a.scenarios[0]!.trials.forEach((t, i) => (t.rps = i % 2 ? 100 : 160));
    const at95 = measurePairedRatio('rps', a, g, s, 0.95)!;
    const at999 = measurePairedRatio('rps', a, g, s, 0.999)!;
    expect(at95.untrusted).toBeUndefined();
    expect(at95.low).toBeLessThan(2.6);
    expect(at95.high).toBeGreaterThan(2.2);
    expect(at999.high - at999.low).toBeGreaterThan(at95.high - at95.low);
  });
});

describe('ratios from paired rounds with a neighbour on the cores', () => {
  it('keeps the disturbed trials whose cores were read, and takes out the CPU the neighbour took', () => {
    const withRounds = alterTrials(baseline(), null, (t, i) => {
      t.round = i + 1;
    });
    const a = target(withRounds, 'axum');
    const g = target(withRounds, 'go-nethttp');
    const s = a.scenarios[0]!.name;
    const trialsOf = (t: typeof a) => t.scenarios.find((x) => x.name === s)!.trials;
    const rounds = trialsOf(a).length;
    expect(rounds).toBeGreaterThanOrEqual(6);
    const random = seededRandom(3);
    const group = (foreignPct: number) => ({ foreignPct, stealPct: 2 });
    // a busy loop takes 20–50% of the server core, from axum in rounds 1, 5, … and from go-nethttp
    // in rounds 3, 7, …: the side it hits loses requests/s in proportion
    const hit = (i: number, side: 0 | 2) => (i % 4 === side ? 20 + 30 * random() : 0);
    const measured = (t: (typeof trialsOf extends (x: never) => infer R ? R : never)[number], full: number, foreign: number) => {
      t.rps = full * (1 - (foreign + 2) / 100) * (1 + 0.01 * (random() - 0.5));
      t.interference = { serverCores: group(foreign), loadgenCores: group(0), cpuPressurePct: 0, othersCpuPct: foreign };
      if (foreign >= 10) t.disturbed = `${foreign.toFixed(0)}% foreign CPU on the server cores (threshold 10%)`;
      else delete t.disturbed;
    };
    trialsOf(a).forEach((t, i) => measured(t, 200, hit(i, 0)));
    trialsOf(g).forEach((t, i) => measured(t, 100, hit(i, 2)));
    const ratio = measurePairedRatio('rps', a, g, s, 0.99)!;
    // every round pairs, the disturbed ones included, and the ratio is axum's with its whole core
    expect(ratio.spread!.n).toBe(rounds);
    expect(ratio.untrusted).toBeUndefined();
    expect(ratio.low).toBeGreaterThan(1.9);
    expect(ratio.high).toBeLessThan(2.1);
    // without the readings the disturbed trials are dropped, as before
    for (const t of [...trialsOf(a), ...trialsOf(g)]) delete t.interference;
    expect(measurePairedRatio('rps', a, g, s, 0.99)!.spread!.n).toBe(rounds - Math.ceil(rounds / 2));
  });
});

describe('the gate on untrusted data', () => {
  // the scenario's trust no longer spreads to its checks: each metric is decided on its own clean
  // samples and interval (docs/compare-and-gate.md, "How the gate decides")
  it('a regression whose interval is wholly beyond the floor fails (exit 1) even on a scenario marked unstable', () => {
    const b = baseline();
    const worse = alterTrials(b, 'axum', (t) => {
      t.rps *= 0.5;
    });
    expect(gateResults(b, worse).exitCode).toBe(EXIT_REGRESSION);
    const unstable = alterTarget(worse, 'axum', (t) => {
      for (const s of t.scenarios) Object.assign(s.summary, { trust: 'unstable', trustReason: 'requests/s varies 30% between trials (limit 10%)' });
    });
    const outcome = gateResults(b, unstable);
    expect(outcome.exitCode).toBe(EXIT_REGRESSION);
    expect(outcome.failures.map((k) => `${k.target} ${k.metric}`)).toEqual(['axum rps']);
    expect(outcome.inconclusive.map((k) => `${k.target} ${k.metric}`)).not.toContain('axum rps');
  });

  it('a scenario whose trials were all disturbed has no value to test: inconclusive, never a pass', () => {
    const b = baseline();
    const allDisturbed = alterTarget(alterTrials(b, 'axum', (t) => {
      t.disturbed = '40% foreign CPU on the server cores';
    }), 'axum', (t) => {
      for (const s of t.scenarios) Object.assign(s.summary, { trust: 'mostly-disturbed', trustReason: '0 of 12 trials clean' });
    });
    const outcome = gateResults(allDisturbed, b);
    expect(outcome.exitCode).toBe(EXIT_INCONCLUSIVE);
    expect(outcome.inconclusive.map((k) => `${k.target} ${k.metric}`)).toContain('axum rps');
    expect(outcome.inconclusive.find((k) => k.metric === 'rps')!.reason).toBe('too few clean trials: 0 of 6 baseline vs 6 current (a side needs 2; disturbed trials are left out): rerun on a quieter machine');
  });
});

describe('verification checks what the asked scenarios need', () => {
  it('every case for every scenario; health and /json cases for json alone', async () => {
    const { loadContractFixture } = await import('../harness/contract/load-fixture.js');
    const { scopeCases } = await import('../harness/contract/scope-cases.js');
    const fixture = loadContractFixture();
    expect(scopeCases(fixture, ['json', 'tool'], '/health')).toBe(fixture);
    const json = scopeCases(fixture, ['json'], '/health');
    const paths = new Set(json.cases.map((c) => `${c.request.method} ${c.request.path}`));
    expect([...paths].sort()).toEqual(['DELETE /health', 'GET //json', 'GET /health', 'GET /json', 'GET /json/', 'HEAD /json', 'POST /json']);
    expect(scopeCases(fixture, ['tool'], '/health').cases.some((c) => c.request.path === '/json')).toBe(false);
  });
});
