import { describe, expect, it } from 'vitest';
import { UsageError } from '../harness/errors.js';
import { defaultGateConfig, parseFloorOption, parseGateConfigText, resolveGateConfig, type GateConfig } from '../harness/gate/gate-config.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { renderGate } from '../harness/gate/render-gate.js';
import type { ResultFile } from '../harness/results/schema.js';
import { alterTarget, alterTrials, baseline, benchDefaults, fewerTrials, noiseOnly, otherMachine, withColdStarts } from './fixtures/results/variants.js';

const KNOWN_RPS = [10000, 10010, 9990, 10005, 9995, 10002];
// the fixture's cold starts spread ±6% over 6 starts: their 99.6% intervals (Bonferroni over 12)
// reach past the 10% floor even between identical files, so the gate says they are undecided (exit 4)
const COLD_UNDECIDED = ['go-nethttp cold start', 'axum cold start', 'fastapi cold start'];

// Each case: a current file derived from the baseline fixture by altering trials to known values.
const cases: { name: string; base?: () => ResultFile; current: () => ResultFile; config?: Partial<GateConfig>; exit: 0 | 1 | 2 | 4; failing?: string[]; undecided?: string[]; improved?: string[]; message?: RegExp }[] = [
  { name: 'identical run', current: baseline, exit: 4, undecided: COLD_UNDECIDED },
  { name: 'identical run, cold start not gated', current: baseline, config: { floors: { ...defaultGateConfig().floors, coldStart: null } }, exit: 0 },
  { name: 'noise only', current: () => noiseOnly(baseline()), exit: 4, undecided: COLD_UNDECIDED },
  {
    name: 'improvement: axum +25% rps, -30% P99',
    current: () => alterTrials(baseline(), 'axum', (t) => { t.rps = Math.round(t.rps * 1.25); t.latencyUs.p99 = Math.round(t.latencyUs.p99 * 0.7); }),
    exit: 4,
    undecided: COLD_UNDECIDED,
    improved: ['axum/json requests/s', 'axum/json P99'],
  },
  { name: '20% throughput drop', current: () => alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))), exit: 1, failing: ['axum/json requests/s'] },
  {
    name: 'drop below the floor: significant -3% rps, 5% floor',
    base: () => setRps(baseline(), 'fastapi', KNOWN_RPS),
    current: () => alterTrials(setRps(baseline(), 'fastapi', KNOWN_RPS), 'fastapi', (t) => (t.rps = Math.round(t.rps * 0.97))),
    exit: 4,
    undecided: COLD_UNDECIDED,
  },
  {
    name: 'the same -3% drop fails with a 2% floor',
    base: () => setRps(baseline(), 'fastapi', KNOWN_RPS),
    current: () => alterTrials(setRps(baseline(), 'fastapi', KNOWN_RPS), 'fastapi', (t) => (t.rps = Math.round(t.rps * 0.97))),
    config: { floors: { ...defaultGateConfig().floors, rps: 2 } },
    exit: 1,
    failing: ['fastapi/json requests/s'],
  },
  { name: 'P99 +25% beyond the 15% floor', current: () => alterTrials(baseline(), 'go-nethttp', (t) => (t.latencyUs.p99 = Math.round(t.latencyUs.p99 * 1.25))), exit: 1, failing: ['go-nethttp/json P99'] },
  // [+8%, +16%] at 99.6%: straddles the 15% floor
  { name: 'P99 +12% straddles the 15% floor', current: () => alterTrials(baseline(), 'go-nethttp', (t) => (t.latencyUs.p99 = Math.round(t.latencyUs.p99 * 1.12))), exit: 4, undecided: ['go-nethttp/json P99', ...COLD_UNDECIDED] },
  { name: 'P99 +8% within the 15% floor', current: () => alterTrials(baseline(), 'go-nethttp', (t) => (t.latencyUs.p99 = Math.round(t.latencyUs.p99 * 1.08))), exit: 4, undecided: COLD_UNDECIDED },
  { name: 'peak RSS +10%', current: () => alterTrials(baseline(), 'fastapi', (t) => (t.peakRssBytes = Math.round(t.peakRssBytes * 1.1))), exit: 1, failing: ['fastapi/json peak RSS'] },
  { name: 'cold start +40%', current: () => alterTarget(baseline(), 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4))), exit: 1, failing: ['axum cold start'] },
  { name: 'image size +2% (exact, 1% floor)', current: () => alterTarget(baseline(), 'axum', (t) => (t.sizeBytes = Math.round(t.sizeBytes! * 1.02))), exit: 1, failing: ['axum size'] },
  { name: 'image size +0.5% (within 1% floor)', current: () => alterTarget(baseline(), 'axum', (t) => (t.sizeBytes = Math.round(t.sizeBytes! * 1.005))), exit: 4, undecided: COLD_UNDECIDED },
  { name: 'P50 +30% is not gated by default', current: () => alterTrials(baseline(), 'axum', (t) => (t.latencyUs.p50 = Math.round(t.latencyUs.p50 * 1.3))), exit: 4, undecided: COLD_UNDECIDED },
  {
    name: 'P50 +30% fails once P50 has a floor',
    current: () => alterTrials(baseline(), 'axum', (t) => (t.latencyUs.p50 = Math.round(t.latencyUs.p50 * 1.3))),
    config: { floors: { ...defaultGateConfig().floors, p50: 10 } },
    exit: 1,
    failing: ['axum/json P50'],
  },
  { name: 'a target that failed to build in current', current: () => alterTarget(baseline(), 'fastapi', (t) => { t.status = 'failed-build'; t.error = 'pip: no network'; }), exit: 1, failing: ['fastapi'] },
  {
    name: 'cold start +40% with 5 cold starts a side: left out of the family, reported, not gated',
    base: () => withColdStarts(baseline(), 5),
    current: () => alterTarget(withColdStarts(baseline(), 5), 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4))),
    exit: 0,
  },
  { name: 'cold start +40% with 7 cold starts a side', base: () => withColdStarts(baseline(), 7), current: () => alterTarget(withColdStarts(baseline(), 7), 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4))), exit: 1, failing: ['axum cold start'] },
  {
    name: 'too few trials (6 vs 4)',
    current: () => fewerTrials(baseline(), 4),
    exit: 2,
    message: /^too few trials to gate at alpha 0\.05: 9 tests put the simultaneous \(Bonferroni\) level at 0\.0056, but 6 vs 4 trials can reach only p = 0\.0095 \(go-nethttp\/json requests\/s\); need at least 6 per side: rerun with --trials\/--cold-starts 6 or more \(baseline too\), raise --alpha, or set floors off for metrics you do not gate$/,
  },
  {
    name: 'too few trials (4 per side)',
    base: () => fewerTrials(baseline(), 4),
    current: () => noiseOnly(fewerTrials(baseline(), 4)),
    exit: 2,
    message: /^too few trials to gate at alpha 0\.05: 9 tests put the simultaneous \(Bonferroni\) level at 0\.0056, but 4 vs 4 trials can reach only p = 0\.029 \(go-nethttp\/json requests\/s\); need at least 6 per side: rerun with --trials\/--cold-starts 6 or more/,
  },
  { name: 'two different machines', current: () => otherMachine(baseline(), 1.6), exit: 2, message: /^baseline and current come from different machines \(.*EPYC.* vs Apple M2.*\).*--allow-cross-machine/ },
  {
    name: 'two machines, --allow-cross-machine, same code: ratios are noisier, some undecided',
    current: () => otherMachine(baseline(), 1.6),
    config: { allowCrossMachine: true },
    exit: 4,
    undecided: ['axum/json requests/s', 'axum cold start', 'fastapi cold start'],
  },
  {
    name: 'two machines, --allow-cross-machine, axum -20% relative to go-nethttp',
    current: () => otherMachine(alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))), 1.6),
    config: { allowCrossMachine: true },
    exit: 1,
    failing: ['axum/json requests/s'],
  },
  { name: 'cross-machine with an unknown reference', current: () => otherMachine(baseline(), 1.6), config: { allowCrossMachine: true, reference: 'cobol' }, exit: 2, message: /^baseline: reference target "cobol" is not in this file \(it has go-nethttp, axum, fastapi\)/ },
];

function setRps(r: ResultFile, name: string, values: number[]): ResultFile {
  return alterTrials(r, name, (t, i) => (t.rps = values[i]!));
}

function label(k: { target: string; scenario: string | null; metric: string | null }): string {
  const names: Record<string, string> = { rps: 'requests/s', p50: 'P50', p99: 'P99', p999: 'P99.9', peakRss: 'peak RSS', idleRss: 'idle RSS', coldStart: 'cold start', size: 'size' };
  return `${k.target}${k.scenario ? `/${k.scenario}` : ''}${k.metric ? ` ${names[k.metric]}` : ''}`;
}

describe('gate: table of known changes', () => {
  it.each(cases)('$name → exit $exit', ({ base, current, config, exit, failing, undecided, improved, message }) => {
    const run = () => gateResults((base ?? baseline)(), current(), config);
    if (exit === 2) {
      expect(run).toThrow(UsageError);
      expect(run).toThrow(message!);
      try {
        run();
      } catch (e) {
        expect((e as Error).message.split('\n')).toHaveLength(1);
      }
      return;
    }
    const outcome = run();
    expect(outcome.exitCode).toBe(exit);
    expect(outcome.failures.map(label)).toEqual(failing ?? []);
    expect(outcome.inconclusive.map(label)).toEqual(exit === 1 ? outcome.inconclusive.map(label) : undecided ?? []);
    if (improved) expect(outcome.improved.map(label)).toEqual(improved);
    const text = renderGate(outcome, 'table', 't');
    const head =
      exit === 0
        ? 'langbench gate: PASS: no regression'
        : exit === 4
          ? `langbench gate: INCONCLUSIVE: no regression found, but ${undecided!.length} checks could not be decided at this run's size`
          : `langbench gate: FAIL: ${failing!.length} regression${failing!.length > 1 ? 's' : ''}`;
    expect(text.split('\n')[0]).toBe(head);
    expect((text.match(/✗ (REGRESSED|FAILED TO RUN)/g) ?? []).length).toBe(failing?.length ?? 0);
  });
});

describe('gate verdict details', () => {
  const b = () => setRps(baseline(), 'fastapi', KNOWN_RPS);

  it('a significant change inside the floor passes and says why', () => {
    const o = gateResults(b(), alterTrials(b(), 'fastapi', (t) => (t.rps = Math.round(t.rps * 0.97))));
    const check = o.checks.find((k) => k.target === 'fastapi' && k.metric === 'rps')!;
    expect(check.verdict).toBe('pass');
    expect(check.reason).toMatch(/^worse -3\.\d+% \[-3\.\d+%, -2\.\d+%\] but within the 5% floor \(p=0\.0022, Holm 0\.0\d+\)$/);
  });

  it('Holm covers every gated metric: 3 targets x (rps, P99, peak RSS, cold start) with 6 cold starts; idle RSS is off by default', () => {
    expect(defaultGateConfig().floors.idleRss).toBeNull();
    const o = gateResults(b(), b());
    expect(o.comparison.testsInFamily).toBe(12);
    const tested = o.comparison.rows.filter((r) => r.pAdjusted !== null);
    expect(tested.map((r) => `${r.target}.${r.metric}`).sort()).toEqual(
      ['go-nethttp', 'axum', 'fastapi'].flatMap((t) => ['rps', 'p99', 'peakRss', 'coldStart'].map((m) => `${t}.${m}`)).sort(),
    );
    expect(o.comparison.rows.map((r) => r.metric)).not.toContain('p50');
    expect(o.comparison.rows.map((r) => r.metric)).not.toContain('idleRss');
    expect(o.comparison.rows.every((r) => !r.notes.some((n) => n.startsWith('not tested')))).toBe(true);
  });

  it('5 cold starts a side cannot reach 0.05/12: cold start is left out of the family, reported with the cold starts needed', () => {
    const five = () => withColdStarts(b(), 5);
    const o = gateResults(five(), five());
    expect(o.exitCode).toBe(0);
    // 12 candidates put the strictest level at 0.0042; 5 vs 5 can reach only 2/252 = 0.0079, 6 vs 6 reach 2/924 = 0.0022
    expect(o.comparison.testsInFamily).toBe(9);
    const note = "not tested: 5 vs 5 fresh starts can reach only p = 0.0079, above Holm's strictest level 0.0042; use --cold-starts 6 or more on both runs to test it";
    const cold = o.comparison.rows.filter((r) => r.metric === 'coldStart');
    expect(cold.map((r) => r.target)).toEqual(['go-nethttp', 'axum', 'fastapi']);
    for (const r of cold) {
      expect(r.test!.smallestP).toBeCloseTo(2 / 252, 12);
      expect(r.pAdjusted).toBeNull();
      expect(r.significant).toBeNull();
      expect(r.notes).toEqual([note]);
    }
    const checks = o.checks.filter((k) => k.metric === 'coldStart');
    expect(checks.map((k) => [k.verdict, k.reason])).toEqual([['pass', note], ['pass', note], ['pass', note]]);
    expect(o.comparison.rows.filter((r) => r.metric !== 'coldStart').every((r) => r.pAdjusted !== null || r.kind === 'exact')).toBe(true);
    const table = renderGate(o, 'table', 't');
    expect(table).toMatch(/Holm-Bonferroni over 9 tests at alpha 0\.05/);
    expect(table).toContain(`note: axum cold start: ${note}`);
    // the Holm p and floor columns stay empty for a row outside the family; the check is ok
    expect(table).toMatch(/^axum\s+—\s+cold start\s.*\s~\s.*\s5\+5\s+10%\s+ok$/m);
  });

  it('the rule looks at the sample sizes only: 6 vs 5 cold starts is left out too, even with a 40% regression', () => {
    const o = gateResults(b(), alterTarget(withColdStarts(b(), 5), 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4))));
    expect(o.exitCode).toBe(0);
    expect(o.comparison.testsInFamily).toBe(9);
    const axum = o.comparison.rows.find((r) => r.target === 'axum' && r.metric === 'coldStart')!;
    expect(axum.test!.p).toBeCloseTo(2 / 462, 12);
    expect(axum.notes).toEqual(["not tested: 6 vs 5 fresh starts can reach only p = 0.0043, above Holm's strictest level 0.0042; use --cold-starts 6 or more on both runs to test it"]);
    expect(o.checks.find((k) => k.target === 'axum' && k.metric === 'coldStart')).toMatchObject({ verdict: 'pass', reason: axum.notes[0] });
  });

  it('7 cold starts a side: cold start is in the family and a 40% regression fails', () => {
    const seven = () => withColdStarts(b(), 7);
    const o = gateResults(seven(), alterTarget(seven(), 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4))));
    expect(o.comparison.testsInFamily).toBe(12);
    const row = o.comparison.rows.find((r) => r.target === 'axum' && r.metric === 'coldStart')!;
    expect(row.notes).toEqual([]);
    expect(row.test!.p).toBeCloseTo(2 / 3432, 12);
    expect(row.pAdjusted).toBeCloseTo((12 * 2) / 3432, 12);
    expect(row.significant).toBe(true);
    expect(o.exitCode).toBe(1);
    expect(o.failures.map(label)).toEqual(['axum cold start']);
    // the deciding interval is the 99.6% one (Bonferroni over 12), wider than the 95% column
    expect(o.failures[0]!.reason).toMatch(/^regressed \+40\.0% \[\+2\d\.\d%, \+5\d\.\d%\] beyond the 10% floor \(p=0\.0006, Holm 0\.0070\)$/);
  });

  it('idle RSS is gated when its floor is set explicitly, with enough samples', () => {
    const floors = { ...defaultGateConfig().floors, idleRss: 5 };
    const grown = (r: ResultFile) => alterTarget(r, 'fastapi', (t) => (t.memory.idleRssSamples = t.memory.idleRssSamples!.map((v) => Math.round(v * 1.1))));
    // 6 samples a side: 3 targets x (rps, P99, peak RSS, idle RSS, cold start) = 15, 0.05/15 = 0.0033 > 0.0022
    const six = gateResults(b(), grown(b()), { floors });
    expect(six.comparison.testsInFamily).toBe(15);
    expect(six.failures.map(label)).toEqual(['fastapi idle RSS']);
    expect(six.failures[0]!.reason).toMatch(/^regressed \+10\.0% \[\+9\.\d+%, \+11\.\d+%\] beyond the 5% floor \(p=0\.0022, Holm 0\.0325\)$/);
    // 5 samples a side: idle RSS and cold start are reported, not tested (0.0079 > 0.05/15)
    const five = gateResults(withColdStarts(b(), 5), grown(withColdStarts(b(), 5)), { floors });
    expect(five.exitCode).toBe(0);
    expect(five.comparison.testsInFamily).toBe(9);
    expect(five.checks.find((k) => k.target === 'fastapi' && k.metric === 'idleRss')!.reason).toBe(
      "not tested: 5 vs 5 fresh starts can reach only p = 0.0079, above Holm's strictest level 0.0033; use --cold-starts 6 or more on both runs to test it",
    );
  });

  it('a 20% drop is significant alone but the gate reports adjusted p', () => {
    const o = gateResults(b(), alterTrials(b(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))));
    const row = o.comparison.rows.find((r) => r.target === 'axum' && r.metric === 'rps')!;
    expect(row.test!.p).toBeCloseTo(2 / 924, 10);
    expect(row.pAdjusted).toBeCloseTo((12 * 2) / 924, 10);
    expect(o.failures[0]!.reason).toMatch(/^regressed -20\.\d% \[-2\d\.\d%, -1\d\.\d%\] beyond the 5% floor/);
  });

  it('a stricter alpha with the same trials refuses and says how many are needed', () => {
    // 0.01/12 = 0.00083 puts 6 vs 6 cold starts (0.0022) out of the family; the 9 trial tests stay and 0.01/9 = 0.0011 needs 7
    expect(() => gateResults(b(), b(), { alpha: 0.01 })).toThrow(
      /^too few trials to gate at alpha 0\.01: 9 tests put the simultaneous \(Bonferroni\) level at 0\.0011, but 6 vs 6 trials can reach only p = 0\.0022 \(go-nethttp\/json requests\/s\); need at least 7 per side: rerun with --trials\/--cold-starts 7 or more/,
    );
  });

  it('fewer gated metrics make 5 trials enough', () => {
    const floors = { ...defaultGateConfig().floors, p99: null, peakRss: null, idleRss: null, coldStart: null };
    const o = gateResults(fewerTrials(b(), 5), fewerTrials(b(), 5), { floors });
    expect(o.comparison.testsInFamily).toBe(3);
    expect(o.exitCode).toBe(0);
  });

  it('idle RSS with one value per run is reported, not gated (floor set)', () => {
    const single = (r: ResultFile) => alterTarget(r, null, (t) => delete t.memory.idleRssSamples);
    const floors = { ...defaultGateConfig().floors, idleRss: 5 };
    const o = gateResults(single(b()), alterTarget(single(b()), 'axum', (t) => (t.memory.idleRssBytes = t.memory.idleRssBytes! * 2)), { floors });
    // no regression; only the fixture's cold starts are undecided
    expect(o.exitCode).toBe(4);
    expect(o.inconclusive.map((k) => k.metric)).toEqual(['coldStart', 'coldStart', 'coldStart']);
    expect(o.checks.find((k) => k.target === 'axum' && k.metric === 'idleRss')!.reason).toMatch(/one measurement per run/);
    expect(o.comparison.testsInFamily).toBe(12);
  });

  it('renders markdown with the failed check marked and JSON with the outcome', () => {
    const o = gateResults(b(), alterTrials(b(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))));
    const md = renderGate(o, 'markdown', 't');
    expect(md).toMatch(/^### langbench gate: ❌ 1 regression$/m);
    expect(md).toMatch(/^\| axum \| json \| requests\/s \|.*\| ❌ \*\*regressed\*\* \|$/m);
    const json = JSON.parse(renderGate(o, 'json', '1.2.3'));
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'gate', exitCode: 1, passed: false, tool: { version: '1.2.3' } });
  });
});

// A default `langbench bench` writes 3 targets x 2 scenarios x 6 trials and 5 cold starts. Gated
// by default: rps, P99, peak RSS per scenario (18 tests) and cold start per target (3 more when it
// can reach the strictest level); idle RSS is off. 6 vs 6 trials reach p = 2/924 = 0.0022.
describe('gate: default bench output (3 targets x 2 scenarios, 6 trials)', () => {
  const bench = (coldStarts = 5) => benchDefaults(setRps(baseline(), 'fastapi', KNOWN_RPS), coldStarts);
  const withIdle = { floors: { ...defaultGateConfig().floors, idleRss: 5 } };
  const slowerColdStart = (r: ResultFile) => alterTarget(r, 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4)));

  it('the fixture has the shape of a default run', () => {
    const r = bench();
    expect(r.targets.map((t) => [t.name, t.scenarios.map((s) => `${s.name}:${s.trials.length}`), t.coldStartMs.samples.length, t.memory.idleRssSamples!.length])).toEqual([
      ['go-nethttp', ['json:6', 'tool:6'], 5, 5],
      ['axum', ['json:6', 'tool:6'], 5, 5],
      ['fastapi', ['json:6', 'tool:6'], 5, 5],
    ]);
  });

  it('5 cold starts: gateable (exit 0 against itself with noise); 18 tests, cold start reported, not tested', () => {
    const o = gateResults(bench(), noiseOnly(bench()));
    expect(o.exitCode).toBe(0);
    expect(o.comparison.testsInFamily).toBe(18);
    expect(o.comparison.rows.filter((r) => r.pAdjusted !== null).map((r) => r.metric).sort()).toEqual([...Array(6).fill('p99'), ...Array(6).fill('peakRss'), ...Array(6).fill('rps')]);
    // 21 candidates: 0.05/21 = 0.0024 > 0.0022 for the trials, < 0.0079 for 5 vs 5 cold starts
    const note = "not tested: 5 vs 5 fresh starts can reach only p = 0.0079, above Holm's strictest level 0.0024; use --cold-starts 6 or more on both runs to test it";
    expect(o.checks.filter((k) => k.metric === 'coldStart').map((k) => [k.target, k.verdict, k.reason])).toEqual([
      ['go-nethttp', 'pass', note],
      ['axum', 'pass', note],
      ['fastapi', 'pass', note],
    ]);
  });

  it('5 cold starts: a 20% throughput drop in the tool scenario fails', () => {
    const o = gateResults(bench(), alterTarget(bench(), 'axum', (t) => t.scenarios[1]!.trials.forEach((x) => (x.rps = Math.round(x.rps * 0.8)))));
    expect(o.failures.map(label)).toEqual(['axum/tool requests/s']);
    expect(o.failures[0]!.reason).toMatch(/\(p=0\.0022, Holm 0\.0390\)$/);
  });

  it.each([6, 7])('%i cold starts: cold start joins the family (21 tests), still gateable with 6 trials', (n) => {
    const o = gateResults(bench(n), noiseOnly(bench(n)));
    // no regression; cold starts spread ±6% may be undecided against the 10% floor at this size
    expect(o.failures).toEqual([]);
    expect(o.inconclusive.every((k) => k.metric === 'coldStart')).toBe(true);
    expect(o.comparison.testsInFamily).toBe(21);
    expect(o.comparison.rows.filter((r) => r.metric === 'coldStart').map((r) => [r.pAdjusted !== null, r.notes])).toEqual([
      [true, []],
      [true, []],
      [true, []],
    ]);
  });

  it('7 cold starts: a 40% cold start regression fails', () => {
    const o = gateResults(bench(7), slowerColdStart(bench(7)));
    expect(o.comparison.testsInFamily).toBe(21);
    expect(o.failures.map(label)).toEqual(['axum cold start']);
  });

  it('5 cold starts: the same 40% cold start regression is reported, not gated', () => {
    const o = gateResults(bench(), slowerColdStart(bench()));
    expect(o.exitCode).toBe(0);
    expect(o.checks.find((k) => k.target === 'axum' && k.metric === 'coldStart')!.reason).toMatch(/^not tested: 5 vs 5 fresh starts .*use --cold-starts 6 or more on both runs to test it$/);
  });

  it('idle RSS gated + 7 cold starts: 24 tests, refused (exit 2) saying 7 trials are needed', () => {
    const run = () => gateResults(bench(7), noiseOnly(bench(7)), withIdle);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      /^too few trials to gate at alpha 0\.05: 24 tests put the simultaneous \(Bonferroni\) level at 0\.0021, but 6 vs 6 trials can reach only p = 0\.0022 \(go-nethttp\/json requests\/s\); need at least 7 per side: rerun with --trials\/--cold-starts 7 or more \(baseline too\), raise --alpha, or set floors off for metrics you do not gate$/,
    );
  });

  it('idle RSS gated + 5 or 6 cold starts: idle RSS and cold start are left out (0.05/24 = 0.0021), the 18 trial tests gate', () => {
    for (const n of [5, 6]) {
      const o = gateResults(bench(n), noiseOnly(bench(n)), withIdle);
      expect(o.exitCode).toBe(0);
      expect(o.comparison.testsInFamily).toBe(18);
      const p = n === 5 ? '0.0079' : '0.0022';
      const left = o.checks.filter((k) => k.metric === 'coldStart' || k.metric === 'idleRss');
      expect(left).toHaveLength(6);
      for (const k of left) expect(k.reason).toBe(`not tested: ${n} vs ${n} fresh starts can reach only p = ${p}, above Holm's strictest level 0.0021; use --cold-starts 7 or more on both runs to test it`);
    }
  });
});

describe('gate config: validated before anything else', () => {
  it.each([
    ['alpha: 0.01\nfloors:\n  p99: 20\n  coldStart: off\n', 'x.yaml', { alpha: 0.01, p99: 20, coldStart: null, rps: 5 }],
    ['{"floors": {"rps": 3}, "reference": "axum", "allowCrossMachine": true}', 'x.json', { alpha: 0.05, rps: 3, reference: 'axum', allowCrossMachine: true }],
    ['', 'empty.yaml', { alpha: 0.05, rps: 5 }],
  ])('%j (%s) resolves', (text, name, expected) => {
    const config = resolveGateConfig(parseGateConfigText(text, name));
    const flat = { alpha: config.alpha, reference: config.reference, allowCrossMachine: config.allowCrossMachine, ...config.floors };
    expect(flat).toMatchObject(expected);
  });

  it.each([
    ['flors:\n  rps: 5\n', 'x.yaml', /^x\.yaml: invalid gate config at \(top level\): Unrecognized key/],
    ['floors:\n  rsp: 5\n', 'x.yaml', /^x\.yaml: invalid gate config at floors: Unrecognized key.*"rsp"/],
    ['floors:\n  rps: -1\n', 'x.yaml', /^x\.yaml: invalid gate config at floors\.rps/],
    ['alpha: 0.7\n', 'x.yaml', /^x\.yaml: invalid gate config at alpha/],
    ['{"alpha": ', 'x.json', /^x\.json: gate config is not valid JSON/],
    ['a: [1, 2\n', 'x.yaml', /^x\.yaml: gate config is not valid YAML/],
  ])('%j (%s) is refused', (text, name, message) => {
    expect(() => parseGateConfigText(text, name)).toThrow(message);
  });

  it('options override the file; every floor off is refused', () => {
    expect(resolveGateConfig(parseGateConfigText('floors:\n  rps: 3\n', 'x.yaml'), { floors: { rps: 7 } }).floors.rps).toBe(7);
    const allOff = Object.fromEntries(Object.keys(defaultGateConfig().floors).map((k) => [k, null]));
    expect(() => resolveGateConfig(null, { floors: allOff })).toThrow(/every floor is off/);
  });

  it.each([
    ['p99=20', ['p99', 20]],
    ['coldStart=off', ['coldStart', null]],
    ['RPS=2.5%', ['rps', 2.5]],
  ])('--floor %s', (value, expected) => {
    expect(parseFloorOption(value)).toEqual(expected);
  });

  it.each(['p98=20', 'rps', 'rps=-2', 'rps=fast'])('--floor %s is refused with the list of metrics', (value) => {
    expect(() => parseFloorOption(value)).toThrow(/is not METRIC=PERCENT or METRIC=off; metrics: rps, p50, p99/);
  });
});

describe('gate: runtimes', () => {
  const onRuntime = (r: ResultFile, runtime: 'docker' | 'process'): ResultFile => ({ ...r, options: { ...r.options, runtimeUsed: runtime } });

  it('refuses (exit 2) to compare a Docker run with a process run, naming the runtime to rerun with', () => {
    let caught: unknown;
    try {
      gateResults(onRuntime(baseline(), 'docker'), onRuntime(noiseOnly(baseline()), 'process'), {}, { baseline: 'base.json', current: 'pr.json' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toBe(
      'base.json ran on the docker runtime but pr.json on process: memory, cold start and size mean different things there; rerun with --runtime docker',
    );
  });

  it('gates two runs of the same runtime as before', () => {
    const o = gateResults(onRuntime(baseline(), 'docker'), onRuntime(noiseOnly(baseline()), 'docker'), { floors: { ...defaultGateConfig().floors, coldStart: null } });
    expect(o.exitCode).toBe(0);
  });
});
