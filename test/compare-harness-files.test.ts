// Compare and gate over result files the harness wrote (short real runs), with trials altered to
// known values. Table-driven over test/fixtures/results/harness/*.json.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../harness/compare/compare-results.js';
import { renderComparison } from '../harness/compare/render-comparison.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { readResultFile } from '../harness/results/read-result.js';
import type { ResultFile, TargetResult } from '../harness/results/schema.js';
import { alterTrials, fewerTrials, fixturesDir, otherMachine } from './fixtures/results/variants.js';

const dir = path.join(fixturesDir, 'harness');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const ok = (r: ResultFile) => r.targets.filter((t) => (t.status ?? 'ok') === 'ok');
/**
 * A target that ran, with its trial count: the one the alterations below act on. Every file here
 * must have one; a fixture without it fails here rather than letting the tests below pass unchecked.
 */
function subject(r: ResultFile, file: string): TargetResult {
  const found = ok(r).find((t) => t.scenarios.some((s) => s.trials.length >= 6));
  expect(found, `${file}: no target ran with 6 or more trials; replace the fixture (see README.md here)`).toBeDefined();
  return found!;
}

describe.each(files)('harness file %s', (file) => {
  const load = () => readResultFile(path.join(dir, file));

  it('reads and validates against the schema', () => {
    expect(load().schemaVersion).toBe(1);
  });

  it('compared with itself: nothing significant; renders in every format', () => {
    const r = load();
    const c = compareResults({ label: file, result: r }, { label: file, result: r });
    expect(c.rows.filter((x) => x.significant)).toEqual([]);
    for (const format of ['table', 'markdown', 'json'] as const) expect(renderComparison(c, format, 't').length).toBeGreaterThan(100);
  });

  it('gated against itself: no regression (exit 0, or 4 where these noisy process runs cannot decide a check)', () => {
    const r = load();
    subject(r, file);
    const o = gateResults(r, r);
    expect(o.failures).toEqual([]);
    expect([0, 4]).toContain(o.exitCode);
  });

  it('a 20% throughput drop of one target: exit 1', () => {
    const r = load();
    const t = subject(r, file);
    // every trial below every baseline trial: a clean, known drop whatever the real noise was
    const floor = Math.min(...t.scenarios.flatMap((s) => s.trials.map((x) => x.rps)));
    const dropped = alterTrials(r, t.name, (x) => (x.rps = Math.min(x.rps * 0.8, floor * 0.79)));
    const o = gateResults(r, dropped);
    expect(o.exitCode).toBe(1);
    expect(o.failures.map((k) => `${k.target}.${k.metric}`)).toContain(`${t.name}.rps`);
  });

  it('too few trials: refused (exit 2) with the number needed', () => {
    const r = load();
    subject(r, file);
    expect(() => gateResults(r, fewerTrials(r, 3))).toThrow(/^too few .* need at least \d+ per side/);
  });

  it('another machine: refused, or ratios with allowCrossMachine when go-nethttp ran', () => {
    const r = load();
    subject(r, file);
    expect(() => gateResults(r, otherMachine(r, 1.3))).toThrow(/come from different machines/);
    if (ok(r).some((t) => t.name === 'go-nethttp') && ok(r).length > 1) {
      const c = compareResults({ label: 'a', result: r }, { label: 'b', result: otherMachine(r, 1.3) });
      expect(c.mode).toBe('ratio');
    }
  });
});

describe('harness runs against each other', () => {
  it('a target that failed verification in current is a failed check', () => {
    const base = readResultFile(path.join(dir, 'run1.json'));
    const failed = readResultFile(path.join(dir, 'go-failed-verification.json'));
    const o = gateResults(base, failed);
    expect(o.exitCode).toBe(1);
    expect(o.failures).toEqual([expect.objectContaining({ target: 'go-nethttp', metric: null, reason: expect.stringMatching(/^ran in the baseline but failed-verification in current/) })]);
  });
});
