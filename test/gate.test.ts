import { describe, expect, it } from 'vitest';
import { UsageError } from '../harness/errors.js';
import { defaultGateConfig, parseFloorOption, parseGateConfigText, resolveGateConfig, type GateConfig } from '../harness/gate/gate-config.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { renderGate } from '../harness/gate/render-gate.js';
import type { ResultFile } from '../harness/results/schema.js';
import { alterTarget, alterTrials, baseline, fewerTrials, noiseOnly, otherMachine } from './fixtures/results/variants.js';

const KNOWN_RPS = [10000, 10010, 9990, 10005, 9995, 10002];

// Each case: a current file derived from the baseline fixture by altering trials to known values.
const cases: { name: string; base?: () => ResultFile; current: () => ResultFile; config?: Partial<GateConfig>; exit: 0 | 1 | 2; failing?: string[]; message?: RegExp }[] = [
  { name: 'identical run', current: baseline, exit: 0 },
  { name: 'noise only', current: () => noiseOnly(baseline()), exit: 0 },
  {
    name: 'improvement: axum +25% rps, -30% P99',
    current: () => alterTrials(baseline(), 'axum', (t) => { t.rps = Math.round(t.rps * 1.25); t.latencyUs.p99 = Math.round(t.latencyUs.p99 * 0.7); }),
    exit: 0,
  },
  { name: '20% throughput drop', current: () => alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))), exit: 1, failing: ['axum/json requests/s'] },
  {
    name: 'drop below the floor: significant -3% rps, 5% floor',
    base: () => setRps(baseline(), 'fastapi', KNOWN_RPS),
    current: () => alterTrials(setRps(baseline(), 'fastapi', KNOWN_RPS), 'fastapi', (t) => (t.rps = Math.round(t.rps * 0.97))),
    exit: 0,
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
  { name: 'P99 +12% within the 15% floor', current: () => alterTrials(baseline(), 'go-nethttp', (t) => (t.latencyUs.p99 = Math.round(t.latencyUs.p99 * 1.12))), exit: 0 },
  { name: 'peak RSS +10%', current: () => alterTrials(baseline(), 'fastapi', (t) => (t.peakRssBytes = Math.round(t.peakRssBytes * 1.1))), exit: 1, failing: ['fastapi/json peak RSS'] },
  { name: 'cold start +40%', current: () => alterTarget(baseline(), 'axum', (t) => (t.coldStartMs.samples = t.coldStartMs.samples.map((v) => v * 1.4))), exit: 1, failing: ['axum cold start'] },
  { name: 'image size +2% (exact, 1% floor)', current: () => alterTarget(baseline(), 'axum', (t) => (t.sizeBytes = Math.round(t.sizeBytes! * 1.02))), exit: 1, failing: ['axum size'] },
  { name: 'image size +0.5% (within 1% floor)', current: () => alterTarget(baseline(), 'axum', (t) => (t.sizeBytes = Math.round(t.sizeBytes! * 1.005))), exit: 0 },
  { name: 'P50 +30% is not gated by default', current: () => alterTrials(baseline(), 'axum', (t) => (t.latencyUs.p50 = Math.round(t.latencyUs.p50 * 1.3))), exit: 0 },
  {
    name: 'P50 +30% fails once P50 has a floor',
    current: () => alterTrials(baseline(), 'axum', (t) => (t.latencyUs.p50 = Math.round(t.latencyUs.p50 * 1.3))),
    config: { floors: { ...defaultGateConfig().floors, p50: 10 } },
    exit: 1,
    failing: ['axum/json P50'],
  },
  { name: 'a target that failed to build in current', current: () => alterTarget(baseline(), 'fastapi', (t) => { t.status = 'failed-build'; t.error = 'pip: no network'; }), exit: 1, failing: ['fastapi'] },
  { name: 'too few trials (4 per side)', current: () => fewerTrials(baseline(), 4), exit: 2, message: /^too few trials, idle RSS samples and cold starts to gate at alpha 0\.05: 15 tests put Holm's strictest level at 0\.0033, but 6 vs 4 trials can reach only p = 0\.0095 \(go-nethttp\/json requests\/s\); need at least 6 per side/ },
  { name: 'two different machines', current: () => otherMachine(baseline(), 1.6), exit: 2, message: /^baseline and current come from different machines \(.*EPYC.* vs Apple M2.*\).*--allow-cross-machine/ },
  { name: 'two machines, --allow-cross-machine, same code', current: () => otherMachine(baseline(), 1.6), config: { allowCrossMachine: true }, exit: 0 },
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
  it.each(cases)('$name → exit $exit', ({ base, current, config, exit, failing, message }) => {
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
    const text = renderGate(outcome, 'table', 't');
    expect(text.split('\n')[0]).toBe(exit === 0 ? 'langbench gate: PASS: no regression' : `langbench gate: FAIL: ${failing!.length} regression${failing!.length > 1 ? 's' : ''}`);
    expect((text.match(/✗ (REGRESSED|FAILED TO RUN)/g) ?? []).length).toBe(failing?.length ?? 0);
  });
});

describe('gate verdict details', () => {
  const b = () => setRps(baseline(), 'fastapi', KNOWN_RPS);

  it('a significant change inside the floor passes and says why', () => {
    const o = gateResults(b(), alterTrials(b(), 'fastapi', (t) => (t.rps = Math.round(t.rps * 0.97))));
    const check = o.checks.find((k) => k.target === 'fastapi' && k.metric === 'rps')!;
    expect(check.verdict).toBe('pass');
    expect(check.reason).toMatch(/^worse -3\.\d+% but within the 5% floor \(p=0\.0022, Holm 0\.0\d+\)$/);
  });

  it('Holm covers every gated metric: 3 targets x (rps, P99, peak RSS, idle RSS, cold start)', () => {
    const o = gateResults(b(), b());
    expect(o.comparison.testsInFamily).toBe(15);
    expect(o.comparison.rows.map((r) => r.metric)).not.toContain('p50');
  });

  it('a 20% drop is significant alone but the gate reports adjusted p', () => {
    const o = gateResults(b(), alterTrials(b(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))));
    const row = o.comparison.rows.find((r) => r.target === 'axum' && r.metric === 'rps')!;
    expect(row.test!.p).toBeCloseTo(2 / 924, 10);
    expect(row.pAdjusted).toBeCloseTo((15 * 2) / 924, 10);
    expect(o.failures[0]!.reason).toMatch(/^regressed -20\.\d% \[-2\d\.\d%, -1\d\.\d%\] beyond the 5% floor/);
  });

  it('a stricter alpha with the same trials refuses and says how many are needed', () => {
    expect(() => gateResults(b(), b(), { alpha: 0.01 })).toThrow(/strictest level at 0\.00067.*need at least 7 per side/);
  });

  it('fewer gated metrics make 5 trials enough', () => {
    const floors = { ...defaultGateConfig().floors, p99: null, peakRss: null, idleRss: null, coldStart: null };
    const o = gateResults(fewerTrials(b(), 5), fewerTrials(b(), 5), { floors });
    expect(o.comparison.testsInFamily).toBe(3);
    expect(o.exitCode).toBe(0);
  });

  it('idle RSS with one value per run is reported, not gated', () => {
    const single = (r: ResultFile) => alterTarget(r, null, (t) => delete t.memory.idleRssSamples);
    const o = gateResults(single(b()), alterTarget(single(b()), 'axum', (t) => (t.memory.idleRssBytes = t.memory.idleRssBytes! * 2)));
    expect(o.exitCode).toBe(0);
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
