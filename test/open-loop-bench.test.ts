// Open loop in a bench: the options (--engine, --rate, --rates, --slo-p99), the SLO search against a
// scripted server, and runBench on the fake runtime writing open-loop scenarios into a valid result.
import { describe, expect, it } from 'vitest';
import type { RawBenchOptions } from '../harness/bench/bench-options.js';
import { parseLoadModelOptions } from '../harness/bench/load-model-options.js';
import { searchSloRate, type SloMeasurement } from '../harness/bench/slo-search.js';
import { DEFAULT_FAKE_SCRIPT, type FakeScript, type FakeTargetScript } from '../harness/runtime/fake-script.js';
import type { ResultFile } from '../harness/results/schema.js';
import { fakeBench, fakeBenchCores } from './helpers/fake-bench.js';

describe('parseLoadModelOptions', () => {
  it('closed loop on the socket engine by default', () => {
    expect(parseLoadModelOptions({})).toEqual({ engine: 'socket', rates: [], sloP99Us: null });
    expect(parseLoadModelOptions({ engine: 'autocannon' }).engine).toBe('autocannon');
  });

  it('a rate, a ladder (5k is 5000), an SLO in ms', () => {
    expect(parseLoadModelOptions({ rate: '2500' }).rates).toEqual([2500]);
    expect(parseLoadModelOptions({ rates: '1000, 2k,5000' }).rates).toEqual([1000, 2000, 5000]);
    expect(parseLoadModelOptions({ sloP99: '5' }).sloP99Us).toBe(5000);
    expect(parseLoadModelOptions({ sloP99: '0.5ms' }).sloP99Us).toBe(500);
  });

  it.each([
    [{ engine: 'wrk' }, /--engine/],
    [{ rate: '0' }, /--rate/],
    [{ rate: 'fast' }, /--rate/],
    [{ rates: '1000,,2000' }, /--rates/],
    [{ rates: '1000,1000' }, /twice/],
    [{ rate: '1', rates: '2' }, /--rate and --rates/],
    [{ sloP99: '-1' }, /--slo-p99/],
    [{ sloP99: '5', rate: '100' }, /finds the rate itself/],
    [{ engine: 'autocannon', rate: '100' }, /closed loop only/],
    [{ engine: 'autocannon', sloP99: '5' }, /closed loop only/],
  ])('refuses %o in one line (exit 2)', (raw, message) => {
    expect(() => parseLoadModelOptions(raw)).toThrow(message);
    expect(() => parseLoadModelOptions(raw)).toThrow(expect.objectContaining({ name: 'UsageError' }));
  });
});

describe('searchSloRate', () => {
  // a server that keeps up to `capacity` req/s, with a P99 that grows as the load nears it
  const server =
    (capacity: number, knee: number) =>
    async (rate: number): Promise<SloMeasurement> => ({
      p99Us: rate <= knee ? 800 : 800 + ((rate - knee) / (capacity - knee)) * 20_000,
      achievedRatio: Math.min(1, capacity / rate),
      errors: 0,
    });

  it('brackets upward from half the closed-loop rate, then bisects close to the limit', async () => {
    // P99 <= 5 ms holds up to 6000 + 4200/20000 × 4000 = 6840 req/s
    const r = await searchSloRate({ p99Us: 5000, closedRps: 10_000, measure: server(10_000, 6000) });
    expect(r.maxRps).not.toBeNull();
    expect(r.maxRps!).toBeLessThanOrEqual(6840);
    expect(r.maxRps!).toBeGreaterThan(6840 / 1.5 ** (1 / 16) - 2);
    expect(r.probes[0]!.offeredRps).toBe(5000);
    expect(r.probes.every((p) => p.passed === (p.offeredRps <= 6840))).toBe(true);
  });

  it('steps down when half the closed-loop rate already misses; a rate the server cannot achieve fails', async () => {
    const r = await searchSloRate({ p99Us: 5000, closedRps: 10_000, measure: server(1000, 900) });
    // achieved >= 99% needs rate <= 1010; P99 <= 5 ms needs rate <= 921
    expect(r.maxRps!).toBeLessThanOrEqual(921);
    expect(r.maxRps!).toBeGreaterThan(800);
    expect(r.probes[0]).toMatchObject({ offeredRps: 5000, passed: false });
  });

  it('errors fail a probe; nothing passing gives null', async () => {
    const r = await searchSloRate({ p99Us: 5000, closedRps: 100, measure: async () => ({ p99Us: 100, achievedRatio: 1, errors: 1 }) });
    expect(r.maxRps).toBeNull();
    expect(r.probes.length).toBeGreaterThan(1);
  });

  it('stops stepping up at 1.5 x the closed-loop rate', async () => {
    const r = await searchSloRate({ p99Us: 5000, closedRps: 1000, measure: async () => ({ p99Us: 100, achievedRatio: 1, errors: 0 }) });
    expect(r.maxRps!).toBeLessThanOrEqual(1500);
    expect(r.maxRps!).toBeGreaterThan(1000);
  });
});

describe('runBench with open loop on the fake runtime', () => {
  const cores = fakeBenchCores();

  const go: FakeTargetScript = {
    ...DEFAULT_FAKE_SCRIPT.fallback,
    scenarios: { json: [{ rps: 2000, latencyUs: { p50: 300, p90: 600, p99: 900, max: 2000 } }] },
  };
  const script: FakeScript = { fallback: go, targets: {} };

  function bench(raw: RawBenchOptions): Promise<ResultFile> {
    return fakeBench({ cpus: '1', connections: '8', duration: '0.05', warmup: '0.02', rewarm: '0.01', trials: '2', coldStarts: '1', targets: 'go-nethttp', scenarios: 'json', ...raw }, { script, cores });
  }

  it('closed loop by default: the scenario says so', async () => {
    const r = await bench({});
    const s = r.targets[0]!.scenarios;
    expect(s.map((x) => x.name)).toEqual(['json']);
    expect(s[0]!.load).toEqual({ model: 'closed', scenario: 'json', connections: 8 });
    expect(s[0]!.trials[0]!.open).toBeUndefined();
    expect(r.options.engine).toBe('socket');
  }, 30_000);

  it('--rates: one scenario per rate, each with its load, ladder, and open-loop trials', async () => {
    const r = await bench({ rates: '1000,3000' });
    const s = r.targets[0]!.scenarios;
    expect(s.map((x) => x.name)).toEqual(['json@1000rps', 'json@3000rps']);
    expect(s[0]!.load).toEqual({ model: 'open', scenario: 'json', offeredRps: 1000, ladder: [1000, 3000], connections: 8 });
    expect(s[0]!.trials).toHaveLength(2);
    for (const t of s[0]!.trials) {
      expect(t.open).toMatchObject({ offeredRps: 1000, achievedRatio: 1, unsent: 0 });
      expect(t.open!.serviceHistogram.length).toBeGreaterThan(0);
      // an open-loop generator spins between sends: its CPU never makes a trial client-bound
      expect(t.clientBound).toBe(false);
    }
    // the scripted server tops out at 2000 req/s: at 3000 offered, a third goes unanswered
    expect(s[1]!.trials[0]!.open!.achievedRatio).toBeCloseTo(2 / 3, 3);
    expect(s[1]!.summary.rps.median).toBe(2000);
    expect(r.options.rates).toEqual([1000, 3000]);
  }, 30_000);

  it('--slo-p99: the search finds the highest rate the server keeps up with, the trials run at it', async () => {
    const r = await bench({ sloP99: '5' });
    const s = r.targets[0]!.scenarios;
    expect(s.map((x) => x.name)).toEqual(['json@p99<=5ms']);
    const load = s[0]!.load!;
    if (load.model !== 'open') throw new Error('expected open loop');
    // P99 is 0.9 ms at any rate; achieved >= 99% holds up to 2000 / 0.99 = 2020 req/s
    expect(load.slo!.closedRps).toBe(2000);
    expect(load.slo!.maxRps!).toBeLessThanOrEqual(2020);
    expect(load.slo!.maxRps!).toBeGreaterThan(1900);
    expect(load.offeredRps).toBe(load.slo!.maxRps);
    expect(load.slo!.probes.length).toBeGreaterThan(3);
    for (const t of s[0]!.trials) expect(t.open!.offeredRps).toBe(load.offeredRps);
    expect(r.options.sloP99Us).toBe(5000);
  }, 30_000);
});
