// The bench loop (runBench) in process, on the fake runtime with a script: every figure the result
// holds is known in advance, so the loop's arithmetic is checked exactly — medians over clean
// trials, the seeded schedule, re-runs of disturbed trials and their bound, idle and peak memory,
// cold start less the launcher floor, a server dying mid-run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawBenchOptions } from '../harness/bench/bench-options.js';
import { fakeBench, fakeBenchCores } from './helpers/fake-bench.js';
import { DEFAULT_FAKE_SCRIPT, type FakeScript, type FakeTargetScript, type FakeTrialScript } from '../harness/runtime/fake-script.js';
import type { ResultFile, TargetResult, Trial } from '../harness/results/schema.js';

// server on `first + 1`, load generator on `first`: a fixed layout whatever the machine
const cores = fakeBenchCores();

function bench(script: FakeScript, raw: RawBenchOptions, launchFloor = false): Promise<ResultFile> {
  // the scripted targets below have json and tool trials only
  return fakeBench({ cpus: '1', connections: '8', duration: '0.05', warmup: '0.05', rewarm: '0.02', ...raw }, { script, cores, launchFloor, defaultScenarios: ['json', 'tool'] });
}

const trial = (rps: number, p99: number, extra: Partial<FakeTrialScript> = {}): FakeTrialScript => ({ rps, latencyUs: { p50: 300, p90: 600, p99, max: 2000 }, ...extra });
const disturbedOnServer = (t: FakeTrialScript): FakeTrialScript => ({ ...t, interference: { serverForeignPct: 40 } });
const SERVER_DISTURBED = '40% foreign CPU on the server cores (threshold 10%)';

const target = (over: Partial<FakeTargetScript> & Pick<FakeTargetScript, 'scenarios'>): FakeTargetScript => ({
  coldStartMs: [5],
  memory: { freshBytes: [1_000_000], underLoadBytes: 2_000_000, afterLoadBytes: 1_500_000, highWaterBytes: null },
  serverCpuPct: 50,
  clientCpuPct: 50,
  ...over,
});

const byName = (r: ResultFile, name: string): TargetResult => {
  const t = r.targets.find((x) => x.name === name);
  expect(t, `${name} is in the result`).toBeDefined();
  return t!;
};
const scenarioOf = (t: TargetResult, name: string) => {
  const s = t.scenarios.find((x) => x.name === name);
  expect(s, `${t.name} has scenario ${name}`).toBeDefined();
  return s!;
};
const slot = (targetName: string, scenario: string, t: Trial): string => `${targetName} ${scenario} r${t.round} #${t.sequence}`;
const order = (r: ResultFile): string[] =>
  r.targets
    .flatMap((t) => t.scenarios.flatMap((s) => s.trials.map((x) => ({ x, label: slot(t.name, s.name, x) }))))
    .sort((a, b) => a.x.sequence! - b.x.sequence!)
    .map((e) => e.label);

describe('runBench on a scripted fake: three targets, one disturbed trial, one disturbed scenario, one death', () => {
  const script: FakeScript = {
    fallback: DEFAULT_FAKE_SCRIPT.fallback,
    targets: {
      'launch-floor': target({ coldStartMs: [2, 3, 2.5], scenarios: {} }),
      'go-nethttp': target({
        coldStartMs: [10, 12.25, 10.5],
        // three cold starts read the first three; the measured instance reads the fourth
        memory: { freshBytes: [5_500_000, 6_000_000, 5_000_000, 5_200_000], underLoadBytes: 9_000_000, afterLoadBytes: 7_000_000, highWaterBytes: 12_000_000 },
        serverCpuPct: 50,
        clientCpuPct: 50,
        scenarios: {
          // the second trial is disturbed: re-run as the fifth
          json: [trial(1000, 1500), disturbedOnServer(trial(400, 1900)), trial(1100, 1400), trial(900, 1600, { memoryBytes: 9_400_000 }), trial(1050, 1450)],
          tool: [trial(500, 1800), trial(520, 1820), trial(510, 1790), trial(505, 1810)],
        },
      }),
      axum: target({
        coldStartMs: [4, 5, 4.5],
        memory: { freshBytes: [1_000_000, 1_200_000, 1_100_000], underLoadBytes: 3_000_000, afterLoadBytes: 2_000_000, highWaterBytes: null },
        // the load generator saturates before the server: client-bound
        serverCpuPct: 60,
        clientCpuPct: 95,
        scenarios: {
          json: [trial(2000, 900), trial(2100, 950), trial(1900, 920), trial(2050, 940)],
          // every trial disturbed (on the load generator's cores): the re-runs run out
          tool: [{ ...trial(800, 1200), interference: { loadgenForeignPct: 25 } }],
        },
      }),
      fastapi: target({
        coldStartMs: [50, 60, 55],
        memory: { freshBytes: [30_000_000], underLoadBytes: 40_000_000, afterLoadBytes: 35_000_000, highWaterBytes: null },
        scenarios: { json: [trial(300, 1900), trial(300, 1900, { dies: true })], tool: [trial(200, 1950)] },
      }),
    },
  };
  let r: ResultFile;

  beforeAll(async () => {
    r = await bench(script, { targets: 'go-nethttp,axum,fastapi', trials: '4', maxReruns: '2', coldStarts: '3', seed: '42' }, true);
  });

  it('summarises the clean trials: medians exactly as scripted, the disturbed trial kept but left out', () => {
    const json = scenarioOf(byName(r, 'go-nethttp'), 'json');
    expect(json.trials.map((t) => [t.rps, t.latencyUs.p99, t.disturbed ?? null])).toEqual([
      [1000, 1500, null],
      [400, 1900, SERVER_DISTURBED],
      [1100, 1400, null],
      [900, 1600, null],
      [1050, 1450, null],
    ]);
    expect(json.summary.rps.median).toBe(1025);
    expect(json.summary.p99Us.median).toBe(1475);
    expect(json.summary.p50Us?.median).toBe(300);
    expect(json.summary.p999Us?.median).toBe(2000);
    expect(json.summary).toMatchObject({ cleanTrials: 4, disturbedTrials: 1, trust: 'ok', clientBoundTrials: 0, erroredTrials: 0 });
    // what the interference reading says about each trial: 40% foreign on the server's core, else nothing
    expect(json.trials.map((t) => Math.round(t.interference!.serverCores!.foreignPct))).toEqual([0, 40, 0, 0, 0]);
    expect(json.trials.map((t) => Math.round(t.interference!.loadgenCores!.foreignPct))).toEqual([0, 0, 0, 0, 0]);

    const tool = scenarioOf(byName(r, 'go-nethttp'), 'tool');
    expect(tool.trials.map((t) => t.rps)).toEqual([500, 520, 510, 505]);
    expect(tool.summary.rps.median).toBe(507.5);
    expect(tool.summary.p99Us.median).toBe(1805);
  });

  it('each trial carries the scripted counts, CPU and an HDR histogram of the scripted latencies', () => {
    const [t] = scenarioOf(byName(r, 'go-nethttp'), 'json').trials;
    expect(t!.requests).toBe(50); // 1000 req/s for 0.05 s
    expect(t!.durationS).toBe(0.05);
    // mean = (300 x 5000 + 600 x 4000 + 1500 x 900 + 2000 x 100) / 10000
    expect(t!.latencyUs).toEqual({ p50: 300, p90: 600, p99: 1500, p999: 2000, p9999: 2000, max: 2000, mean: 545 });
    expect(t!.histogram).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(t!.serverCpuPct).toBeCloseTo(50, 9);
    expect(t!.clientCpuPct).toBeCloseTo(50, 9);
    // the frozen targets used nothing while this one ran
    expect(t!.interference!.othersCpuPct).toBe(0);
  });

  it('a client-bound target is counted as such', () => {
    const json = scenarioOf(byName(r, 'axum'), 'json');
    expect(json.trials.every((t) => t.clientBound)).toBe(true);
    expect(json.summary).toMatchObject({ clientBoundTrials: 4, cleanTrials: 4, trust: 'ok' });
    expect(json.summary.rps.median).toBe(2025);
  });

  it('every trial disturbed: trials + maxReruns run, all kept, the summary marked mostly-disturbed', () => {
    const tool = scenarioOf(byName(r, 'axum'), 'tool');
    expect(tool.trials).toHaveLength(4 + 2);
    expect(tool.trials.every((t) => t.disturbed === '25% foreign CPU on the load generator cores (threshold 10%)')).toBe(true);
    expect(tool.summary).toMatchObject({ cleanTrials: 0, disturbedTrials: 6, trust: 'mostly-disturbed', trustReason: 'only 0 of 6 trials ran without foreign work on their cores' });
    // with nothing clean the summary still shows what was measured
    expect(tool.summary.rps.median).toBe(800);
  });

  it('idle memory is the median of the fresh instances; the peak is the highest reading and never below idle', () => {
    const go = byName(r, 'go-nethttp').memory;
    expect(go.idleRssSamples).toEqual([5_500_000, 6_000_000, 5_000_000]);
    expect(go.idleRssBytes).toBe(5_500_000);
    expect(go.idleAfterLoadBytes).toBe(7_000_000);
    expect(go.peakSampledBytes).toBe(9_400_000);
    expect(go.peakKernelBytes).toBe(12_000_000);
    // the kernel's high-water mark is the highest: max(sampled, kernel, fresh instance, after load)
    expect(go.peakRssBytes).toBe(12_000_000);

    const axum = byName(r, 'axum').memory;
    expect(axum.idleRssSamples).toEqual([1_000_000, 1_200_000, 1_100_000]);
    expect(axum.idleRssBytes).toBe(1_100_000);
    expect(axum.idleAfterLoadBytes).toBe(2_000_000);
    expect(axum.peakKernelBytes).toBeNull();
    // no kernel mark: the sampled peak under load
    expect(axum.peakSampledBytes).toBe(3_000_000);
    expect(axum.peakRssBytes).toBe(3_000_000);
    for (const m of [go, axum]) expect(m.peakRssBytes!).toBeGreaterThanOrEqual(m.idleRssBytes!);
    for (const t of [byName(r, 'go-nethttp'), byName(r, 'axum')]) expect(t.memory.source).toBe('fake (scripted)');
  });

  it('cold start: the scripted samples, their median, and the server\'s own time = median - launcher floor median', () => {
    expect(r.launchFloor).toMatchObject({ samples: [2, 3, 2.5], median: 2.5 });
    expect(byName(r, 'go-nethttp').coldStartMs).toEqual({ samples: [10, 12.25, 10.5], median: 10.5, serverMs: 8 });
    expect(byName(r, 'axum').coldStartMs).toEqual({ samples: [4, 5, 4.5], median: 4.5, serverMs: 2 });
    expect(byName(r, 'fastapi').coldStartMs).toEqual({ samples: [50, 60, 55], median: 55, serverMs: 52.5 });
  });

  it('a server that dies mid-trial fails its target; the others finish every trial', () => {
    const fastapi = byName(r, 'fastapi');
    expect(fastapi.status).toBe('failed');
    expect(fastapi.error).toMatch(/^fastapi died during a json trial \(killed by SIGKILL \(scripted\)\); last output:\nfake fastapi: killed by SIGKILL/);
    // its one finished json trial is kept; the fatal one never is
    expect(scenarioOf(fastapi, 'json').trials.map((t) => t.rps)).toEqual([300]);
    // nothing of fastapi ran after its death in round 2
    expect(Math.max(...fastapi.scenarios.flatMap((s) => s.trials.map((t) => t.round!)))).toBeLessThanOrEqual(2);
    expect(byName(r, 'go-nethttp').status).toBe('ok');
    expect(byName(r, 'axum').status).toBe('ok');
    expect(byName(r, 'go-nethttp').scenarios.map((s) => s.trials.length)).toEqual([5, 4]);
    expect(byName(r, 'axum').scenarios.map((s) => s.trials.length)).toEqual([4, 6]);
  });

  it('records the schedule: the seed, the rounds it took, every trial numbered once in run order', () => {
    expect(r.options.seed).toBe(42);
    expect(r.schedule).toMatchObject({ kind: 'interleaved', seed: 42, maxReruns: 2, disturbedPct: 10, rounds: 6 });
    const sequences = r.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials.map((x) => x.sequence)));
    expect([...sequences].sort((a, b) => a! - b!)).toEqual(sequences.map((_, i) => i + 1));
  });
});

describe('runBench on a scripted fake: the order of the trials', () => {
  const raw: RawBenchOptions = { targets: 'go-nethttp,axum', trials: '3', coldStarts: '2', seed: '7' };

  it('interleaved with --seed 7: exactly this order, every round one trial of each pair, and again with the same seed', async () => {
    // mulberry32(7): one draw per cold-start round of two targets (two rounds), then per trial
    // round a shuffle of the scenario groups and of the targets within each: the targets of one
    // scenario, which the claims compare, run back to back
    const expected = [
      'go-nethttp json r1 #1',
      'axum json r1 #2',
      'go-nethttp tool r1 #3',
      'axum tool r1 #4',
      'axum tool r2 #5',
      'go-nethttp tool r2 #6',
      'axum json r2 #7',
      'go-nethttp json r2 #8',
      'go-nethttp json r3 #9',
      'axum json r3 #10',
      'axum tool r3 #11',
      'go-nethttp tool r3 #12',
    ];
    const once = await bench(DEFAULT_FAKE_SCRIPT, raw);
    expect(order(once)).toEqual(expected);
    for (let round = 1; round <= 3; round++) {
      const inRound = order(once).filter((s) => s.includes(` r${round} `)).map((s) => s.split(' r')[0]!);
      expect([...inRound].sort()).toEqual(['axum json', 'axum tool', 'go-nethttp json', 'go-nethttp tool']);
      const scenarios = inRound.map((s) => s.split(' ')[1]);
      expect(scenarios[0]).toBe(scenarios[1]);
      expect(scenarios[2]).toBe(scenarios[3]);
    }
    expect(once.schedule).toMatchObject({ kind: 'interleaved', seed: 7, rounds: 3 });
    expect(order(await bench(DEFAULT_FAKE_SCRIPT, raw))).toEqual(expected);
  });

  it('sequential: each target\'s scenarios back to back, in the order asked', async () => {
    const r = await bench(DEFAULT_FAKE_SCRIPT, { ...raw, schedule: 'sequential' });
    expect(order(r)).toEqual([
      'go-nethttp json r1 #1',
      'go-nethttp json r2 #2',
      'go-nethttp json r3 #3',
      'go-nethttp tool r1 #4',
      'go-nethttp tool r2 #5',
      'go-nethttp tool r3 #6',
      'axum json r1 #7',
      'axum json r2 #8',
      'axum json r3 #9',
      'axum tool r1 #10',
      'axum tool r2 #11',
      'axum tool r3 #12',
    ]);
  });
});
