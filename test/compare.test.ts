import { describe, expect, it } from 'vitest';
import { compareResults } from '../harness/compare/compare-results.js';
import { compareTrend } from '../harness/compare/compare-trend.js';
import { renderComparison } from '../harness/compare/render-comparison.js';
import { renderTrend } from '../harness/compare/render-trend.js';
import { runCompare } from '../harness/compare/compare-command.js';
import { alterTarget, alterTrials, baseline, later, noiseOnly, otherMachine, withColdStarts } from './fixtures/results/variants.js';

const b = () => ({ label: 'base.json', result: baseline() });
const cur = (r: ReturnType<typeof baseline>) => ({ label: 'cur.json', result: r });
const row = (c: ReturnType<typeof compareResults>, target: string, metric: string) => c.rows.find((r) => r.target === target && r.metric === metric)!;

describe('compare two files', () => {
  it('pairs every target and metric by name, scenario metrics per scenario', () => {
    const c = compareResults(b(), cur(noiseOnly(baseline())));
    expect(c.mode).toBe('direct');
    expect(c.machines.match).toBe(true);
    expect(new Set(c.rows.map((r) => r.target))).toEqual(new Set(['go-nethttp', 'axum', 'fastapi']));
    expect(c.rows.filter((r) => r.target === 'axum').map((r) => r.metric)).toEqual(['rps', 'p50', 'p99', 'p999', 'peakRss', 'idleRss', 'peakMemory', 'coldStart', 'size']);
    expect(row(c, 'axum', 'rps').scenario).toBe('json');
    expect(row(c, 'axum', 'coldStart').scenario).toBeNull();
    // 3 targets x 7 tested metrics (size is exact, not tested)
    expect(c.testsInFamily).toBe(21);
    expect(c.rows.every((r) => r.kind !== 'samples' || r.significant === false)).toBe(true);
  });

  it('a 20% throughput drop is significant with its interval; everything else ~', () => {
    const c = compareResults(b(), cur(alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8)))));
    const r = row(c, 'axum', 'rps');
    expect(r.test!.p).toBeCloseTo(2 / 924, 10);
    expect(r.significant).toBe(true);
    expect(r.direction).toBe('worse');
    expect(r.delta!.pct).toBeCloseTo(-20, 0);
    expect(r.delta!.low).toBeLessThan(r.delta!.pct);
    expect(r.delta!.high).toBeGreaterThan(r.delta!.pct);
    expect(c.rows.filter((x) => x.significant).map((x) => `${x.target}.${x.metric}`)).toEqual(['axum.rps']);
  });

  it('per-start metrics that cannot reach Holm\'s strictest level are left out of the family; trial metrics never are', () => {
    // 21 candidates: 0.05/21 = 0.0024; 5 vs 5 fresh starts reach only 2/252 = 0.0079
    const c = compareResults({ label: 'a', result: withColdStarts(baseline(), 5) }, cur(noiseOnly(withColdStarts(baseline(), 5))));
    expect(c.testsInFamily).toBe(15);
    const left = c.rows.filter((r) => r.test && r.pAdjusted === null);
    expect(left.map((r) => `${r.target}.${r.metric}`)).toEqual(['go-nethttp.idleRss', 'go-nethttp.coldStart', 'axum.idleRss', 'axum.coldStart', 'fastapi.idleRss', 'fastapi.coldStart']);
    for (const r of left) {
      expect(r.significant).toBeNull();
      expect(r.notes).toEqual(["not tested: 5 vs 5 fresh starts can reach only p = 0.0079, above Holm's strictest level 0.0024; use --cold-starts 6 or more on both runs to test it"]);
    }
    expect(c.rows.filter((r) => r.test && r.pAdjusted !== null).every((r) => r.significant === false)).toBe(true);
    expect(renderComparison(c, 'table', 'test')).toMatch(/Holm-Bonferroni over 15 tests at alpha 0\.05/);
    // with 3 trials a side the trial tests are hopeless too, but they stay in the family
    const five = withColdStarts(baseline(), 5);
    const three = compareResults({ label: 'a', result: alterTarget(five, null, (t) => t.scenarios.forEach((s) => (s.trials = s.trials.slice(0, 3)))) }, cur(five));
    expect(three.testsInFamily).toBe(15);
    expect(three.rows.filter((r) => r.metric === 'rps').every((r) => r.pAdjusted !== null && r.notes.length === 0)).toBe(true);
  });

  it('size is compared exactly; a single idle RSS value is shown but not tested', () => {
    const changed = alterTarget(baseline(), 'fastapi', (t) => {
      t.sizeBytes = t.sizeBytes! + 1;
      delete t.memory.idleRssSamples;
    });
    const base = alterTarget(baseline(), 'fastapi', (t) => delete t.memory.idleRssSamples);
    const c = compareResults({ label: 'a', result: base }, cur(changed));
    expect(row(c, 'fastapi', 'size').significant).toBe(true);
    expect(row(c, 'axum', 'size').significant).toBe(false);
    const idle = row(c, 'fastapi', 'idleRss');
    expect(idle.kind).toBe('single');
    expect(idle.test).toBeNull();
    expect(idle.notes.join()).toMatch(/one measurement/);
  });

  it('different machines: says so and compares ratios to the reference target', () => {
    const c = compareResults(b(), cur(otherMachine(baseline(), 2)));
    expect(c.machines.match).toBe(false);
    expect(c.mode).toBe('ratio');
    expect(c.reference).toBe('go-nethttp');
    expect(c.rows.some((r) => r.target === 'go-nethttp')).toBe(false);
    const r = row(c, 'axum', 'rps');
    expect(r.baseline!.median).toBeCloseTo(61000 / 52000, 1);
    expect(r.current!.median).toBeCloseTo(r.baseline!.median, 2);
    expect(r.significant).toBe(false);
    const text = renderComparison(c, 'table', 'test');
    expect(text).toMatch(/machines: DIFFERENT/);
    expect(text).toMatch(/ratio to go-nethttp/);
  });

  it('a reference target missing from a file is an input error naming the file', () => {
    const noGo = { label: 'nogo.json', result: alterTarget(otherMachine(baseline(), 1), null, () => {}) };
    noGo.result.targets = noGo.result.targets.filter((t) => t.name !== 'go-nethttp');
    expect(() => compareResults(b(), noGo)).toThrow(/^nogo\.json: reference target "go-nethttp" is not in this file/);
  });

  it('lists targets present on one side only and targets that failed', () => {
    const r = alterTarget(baseline(), 'fastapi', (t) => {
      t.status = 'failed-build';
      t.error = 'pip install failed';
    });
    r.targets = r.targets.filter((t) => t.name !== 'axum');
    const c = compareResults(b(), cur(r));
    expect(c.onlyInBaseline).toEqual(['axum']);
    expect(c.failedInCurrent).toEqual([{ name: 'fastapi', status: 'failed-build', error: 'pip install failed' }]);
  });
});

describe('renderers', () => {
  const c = () => compareResults(b(), cur(alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8)))));

  it('table: benchstat ~ for not significant, delta with interval and p when significant', () => {
    const text = renderComparison(c(), 'table', 'test');
    const axumRps = text.split('\n').find((l) => l.startsWith('axum') && l.includes('requests/s'))!;
    expect(axumRps).toMatch(/-2\d\.\d%\s+\[-2\d\.\d+%, -1\d\.\d+%\]\s+0\.0022\s+0\.04\d+\s+6\+6/);
    const goRps = text.split('\n').find((l) => l.startsWith('go-nethttp') && l.includes('requests/s'))!;
    expect(goRps).toMatch(/\s~\s/);
    expect(text).toMatch(/^machines: same/m);
    expect(text).toMatch(/Holm-Bonferroni over 21 tests at alpha 0\.05/);
  });

  it('markdown: a GitHub table with a header rule, no raw pipes inside cells', () => {
    const md = renderComparison(c(), 'markdown', 'test');
    const lines = md.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| target |'));
    expect(lines[header + 1]).toMatch(/^\|(---:?\|)+$/);
    const cols = lines[header]!.split(' | ').length;
    for (const l of lines.filter((x) => x.startsWith('| '))) expect(l.split(' | ').length).toBe(cols);
    // a PR comment shows the significant rows in the open and folds the full table
    expect(md).toMatch(/\*\*Significant changes\*\*\n\n\| target .*\n\|.*\n\| axum \| json \| requests\/s \|.*\n\n<details><summary>All 27 rows<\/summary>/);
    expect(md.slice(md.indexOf('<details>')).split('\n').filter((l) => l.startsWith('| ')).length).toBe(28);
    expect(md).toMatch(/^### langbench compare/m);
    expect(md).toMatch(/✅ machines: same/);
  });

  it('json: schema version, tool version and every row', () => {
    const parsed = JSON.parse(renderComparison(c(), 'json', '9.9.9'));
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.tool).toEqual({ name: 'langbench', version: '9.9.9' });
    expect(parsed.rows).toHaveLength(27);
  });
});

describe('trend over more than two files', () => {
  it('orders by startedAt, oldest first, and marks significant steps', () => {
    const first = { label: 'results/2026-11-20.json', result: baseline() };
    const second = { label: 'results/2026-11-21.json', result: noiseOnly(baseline()) };
    const third = { label: 'results/2026-11-23.json', result: later(alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))), 3) };
    const t = compareTrend([third, first, second]);
    expect(t.files.map((f) => f.label)).toEqual([first.label, second.label, third.label]);
    const axum = t.rows.find((r) => r.target === 'axum' && r.metric === 'rps')!;
    expect(axum.cells[1]!.significant).toBe(false);
    expect(axum.cells[2]!.significant).toBe(true);
    expect(axum.cells[2]!.deltaPct).toBeLessThan(-15);
    const text = renderTrend(t, 'table', 'test');
    expect(text).toMatch(/oldest first/);
    expect(text.indexOf('2026-11-20')).toBeLessThan(text.indexOf('2026-11-23'));
    expect(renderTrend(t, 'markdown', 'test')).toMatch(/^\| target \| scenario \| metric \| 2026-11-20\.json 2026-11-20/m);
  });

  it('mixed machines make the whole trend ratios to the reference', () => {
    const t = compareTrend([
      { label: 'a', result: baseline() },
      { label: 'b', result: later(noiseOnly(baseline()), 1) },
      { label: 'c', result: later(otherMachine(baseline(), 1.5), 2) },
    ]);
    expect(t.mode).toBe('ratio');
    expect(t.rows.some((r) => r.target === 'go-nethttp')).toBe(false);
  });

  it('runCompare validates options before reading files', () => {
    expect(() => runCompare(['x.json', 'y.json'], { format: 'xml', reference: 'go-nethttp', alpha: '0.05' })).toThrow(/--format "xml" is not one of table, markdown, json/);
    expect(() => runCompare(['x.json', 'y.json'], { format: 'table', reference: 'go-nethttp', alpha: '5' })).toThrow(/--alpha "5" is not a significance level/);
    expect(() => runCompare(['x.json'], { format: 'table', reference: 'go-nethttp', alpha: '0.05' })).toThrow(/at least two result files/);
  });
});

describe('compare across runtimes', () => {
  it('says when a Docker run is compared with a process run, and stays quiet otherwise', () => {
    const docker = { ...baseline(), options: { ...baseline().options, runtimeUsed: 'docker' as const } };
    const proc = { ...noiseOnly(baseline()), options: { ...baseline().options, runtimeUsed: 'process' as const } };
    const mixed = renderComparison(compareResults({ label: 'a.json', result: docker }, { label: 'b.json', result: proc }), 'table', 'test');
    expect(mixed).toContain('note: runtimes differ (baseline docker, current process): memory, cold start and size are measured differently');
    const same = renderComparison(compareResults({ label: 'a.json', result: docker }, { label: 'b.json', result: { ...proc, options: docker.options } }), 'table', 'test');
    expect(same).not.toContain('runtimes differ');
  });
});

describe('a single value at or below zero', () => {
  it('has no percent change: n/a, the difference in a note, the direction from its sign', () => {
    const withServerMs = (ms: number) => alterTarget(baseline(), 'axum', (t) => (t.coldStartMs.serverMs = ms));
    const c = compareResults({ label: 'base.json', result: withServerMs(-0.242) }, cur(withServerMs(12.4)));
    const r = row(c, 'axum', 'serverStart');
    expect(Number.isNaN(r.delta!.pct)).toBe(true);
    expect(r.direction).toBe('worse');
    expect(r.notes.join('; ')).toMatch(/the baseline is -?−?242 µs, so no percent: the difference is \+12\.\d ms/);
    expect(renderComparison(c, 'table', 't')).not.toMatch(/-5\d{3}%/);
    // a positive baseline keeps its percent
    const positive = compareResults({ label: 'base.json', result: withServerMs(10) }, cur(withServerMs(12)));
    expect(row(positive, 'axum', 'serverStart').delta!.pct).toBeCloseTo(20, 10);
  });
});
