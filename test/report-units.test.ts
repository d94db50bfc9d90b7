// The report's building blocks: human units, the verdict rule (table-driven), claims.json.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimBand, claimsFileSchema, readClaimsFile, type ClaimRow } from '../harness/report/claims.js';
import { formatBytes, formatDelta, formatMs, formatP, formatRatio, formatRps, formatUs, withInterval } from '../harness/metrics/format.js';
import { judge, ratioBand, verdictText } from '../harness/report/verdict.js';
import { ratioOf } from '../harness/report/claims-check.js';
import { UsageError } from '../harness/errors.js';
import { tickLabel } from '../harness/report/svg/frame.js';
import { linearTicks, logTicks } from '../harness/report/svg/scale.js';

describe('units for humans', () => {
  it.each([
    [412_345, '412K'], [31_200, '31.2K'], [5_117, '5.12K'], [950, '950'], [1_234_567, '1.23M'],
  ])('formatRps(%d) = %s', (x, s) => expect(formatRps(x)).toBe(s));
  it.each([
    [840, '840 µs'], [87.4, '87.4 µs'], [2_650, '2.65 ms'], [24_023, '24.0 ms'], [1_500_000, '1.50 s'],
  ])('formatUs(%d) = %s (a sub-millisecond P99 is never rounded to 1 ms)', (x, s) => expect(formatUs(x)).toBe(s));
  it.each([
    [3_400_000, '3.40 MB'], [182_000_000, '182 MB'], [850_000, '850 KB'], [33_654_476_800, '33.7 GB'], [512, '512 B'],
  ])('formatBytes(%d) = %s', (x, s) => expect(formatBytes(x)).toBe(s));
  it.each([[4.16, '4.16 ms'], [1_021, '1,021 ms'], [0.5, '500 µs']])('formatMs(%d) = %s', (x, s) => expect(formatMs(x)).toBe(s));
  it.each([
    ['formatRps', formatRps(999_700), '1.00M'], ['formatRps', formatRps(999.7), '1.00K'], ['formatUs', formatUs(999.7), '1.00 ms'],
    ['formatBytes', formatBytes(999_999), '1.00 MB'], ['formatBytes', formatBytes(999.6), '1.00 KB'], ['formatMs', formatMs(0.9996), '1.00 ms'],
  ])('%s moves to the next unit when rounding reaches it: %s', (_, got, want) => expect(got).toBe(want));
  it.each([[5.123, '+5.12%'], [-19.84, '-19.8%'], [150.4, '+150%'], [-0.001, '0.00%'], [Infinity, 'new']])('formatDelta(%d) = %s', (x, s) => expect(formatDelta(x)).toBe(s));
  it.each([[0.5, '0.50'], [0.0022, '0.0022'], [0.00001, '<0.0001']])('formatP(%d) = %s', (x, s) => expect(formatP(x)).toBe(s));
  it('formats ratios and intervals, saying a shared unit once', () => {
    expect(formatRatio(2.2222)).toBe('2.22×');
    expect(withInterval(324_000, 310_000, 333_000, formatRps)).toBe('324K (310K–333K)');
    expect(withInterval(4.16, 3.85, 4.42, formatMs)).toBe('4.16 ms (3.85–4.42)');
    expect(withInterval(1020, 961, 1060, formatUs)).toBe('1.02 ms (961 µs–1.06 ms)');
    expect(withInterval(5, 5, 5, formatMs)).toBe('5.00 ms');
    expect(withInterval(8320, 6140, 9480, formatRps, 0.75)).toBe('8.32K (6.14K–9.48K @75%)');
    expect(withInterval(8320, 6140, 9480, formatRps, 0.9688)).toBe('8.32K (6.14K–9.48K)');
    expect(withInterval(1.72, 1.49, 1.81, formatRatio)).toBe('1.72× (1.49–1.81)');
  });
  it('labels ticks without trailing zeros and picks nice ticks', () => {
    expect(tickLabel('10.0 ms')).toBe('10 ms');
    expect(tickLabel('2.50 MB')).toBe('2.5 MB');
    expect(tickLabel('p99.9')).toBe('p99.9');
    expect(linearTicks(333_000)).toEqual([0, 100_000, 200_000, 300_000, 400_000]);
    expect(logTicks(100, 10_000)).toEqual([100, 200, 500, 1000, 2000, 5000, 10_000]);
  });
});

const row = (metric: ClaimRow['metric'], unit: string): ClaimRow => ({ metric, label: metric, unit, claims: {} });
const m = (median: number, low = median, high = median) => ({ median, low, high, level: 0.97 });

describe('the verdict rule (tolerance 1.5)', () => {
  const rps = row('rps', 'req/s');
  const p99 = row('p99', 'ms');
  const size = row('size', 'MB');
  it.each([
    ['~400K, measured 324K (310K–333K)', claimBand({ kind: 'approx', value: 400_000, source: '' }, rps), m(324_000, 310_000, 333_000), 'agrees'],
    ['~400K, measured 41.5K', claimBand({ kind: 'approx', value: 400_000, source: '' }, rps), m(41_500, 40_000, 42_000), 'lower'],
    ['~400K, interval straddles 267K', claimBand({ kind: 'approx', value: 400_000, source: '' }, rps), m(270_000, 250_000, 290_000), 'inconclusive'],
    ['<1 ms, measured 840 µs', claimBand({ kind: 'lessThan', value: 1, source: '' }, p99), m(840, 806, 897), 'agrees'],
    ['<1 ms, measured 3.35 ms', claimBand({ kind: 'lessThan', value: 1, source: '' }, p99), m(3350, 3100, 3600), 'higher'],
    ['2–5 ms, measured 2.65 ms', claimBand({ kind: 'range', low: 2, high: 5, source: '' }, p99), m(2650, 2540, 2900), 'agrees'],
    ['2–5 ms, measured 8.7 ms (over 7.5)', claimBand({ kind: 'range', low: 2, high: 5, source: '' }, p99), m(8700, 8300, 9000), 'higher'],
    ['300+ MB, measured 61.8 MB', claimBand({ kind: 'atLeast', value: 300, source: '' }, size), m(61.8e6), 'lower'],
    ['300+ MB, measured 1.2 GB', claimBand({ kind: 'atLeast', value: 300, source: '' }, size), m(1.2e9), 'agrees'],
  ])('%s: %s', (_, band, measured, kind) => expect(judge(measured, band, 1.5).kind).toBe(kind));

  it('converts claimed units to the measured ones', () => {
    expect(claimBand({ kind: 'lessThan', value: 1, source: '' }, p99)).toEqual({ low: 0, high: 1000 });
    expect(claimBand({ kind: 'approx', value: 5, source: '' }, row('memory', 'MB'))).toEqual({ low: 5e6, high: 5e6 });
  });
  it('builds the claimed ratio band from two claimed bands', () => {
    expect(ratioBand({ low: 400, high: 400 }, { low: 180, high: 180 }).low).toBeCloseTo(2.222, 3);
    expect(ratioBand({ low: 0, high: 1000 }, { low: 2000, high: 5000 })).toEqual({ low: 0, high: 0.5 });
    expect(ratioBand({ low: 12, high: 12 }, { low: 300, high: Infinity })).toEqual({ low: 0, high: 0.04 });
  });
  it('says how far off a disagreement is, and marks no data', () => {
    expect(verdictText(judge(m(100), { low: 400, high: 400 }, 1.5))).toBe('❌ 4.0× lower');
    expect(verdictText(judge(m(100), { low: 400, high: 400 }, 1.5), 'plain')).toBe('✗ 4.0× lower');
    expect(verdictText(judge(null, { low: 1, high: 1 }, 1.5))).toBe('— no data');
  });
});

describe('results/claims.json', () => {
  const claims = readClaimsFile();
  it('holds the article\'s five rows for the three targets, on 4 vCPU', () => {
    expect(claims.conditions.vcpus).toBe(4);
    expect(claims.rows.map((r) => r.metric)).toEqual(['rps', 'memory', 'coldStart', 'p99', 'size']);
    for (const r of claims.rows) expect(Object.keys(r.claims)).toEqual(['axum', 'go-nethttp', 'fastapi']);
    const byMetric = Object.fromEntries(claims.rows.map((r) => [r.metric, r.claims]));
    expect(byMetric.rps!.axum).toMatchObject({ kind: 'approx', value: 400_000 });
    expect(byMetric.rps!['go-nethttp']).toMatchObject({ kind: 'approx', value: 180_000 });
    expect(byMetric.rps!.fastapi).toMatchObject({ kind: 'approx', value: 35_000 });
    expect(byMetric.memory!.fastapi).toMatchObject({ kind: 'approx', value: 75 });
    expect(byMetric.coldStart!.fastapi).toMatchObject({ kind: 'approx', value: 1200, source: '~1,200 ms' });
    expect(byMetric.p99!.axum).toMatchObject({ kind: 'lessThan', value: 1 });
    expect(byMetric.p99!['go-nethttp']).toMatchObject({ kind: 'range', low: 2, high: 5 });
    expect(byMetric.p99!.fastapi).toMatchObject({ kind: 'range', low: 15, high: 40 });
    expect(byMetric.size!.axum).toMatchObject({ kind: 'approx', value: 8 });
    expect(byMetric.size!.fastapi).toMatchObject({ kind: 'atLeast', value: 300 });
  });
  it('rejects a unit that does not fit the metric, and a reversed range', () => {
    const bad = structuredClone(claims) as unknown as { rows: { unit: string; claims: Record<string, unknown> }[] };
    bad.rows[0]!.unit = 'ms';
    expect(claimsFileSchema.safeParse(bad).success).toBe(false);
    const reversed = structuredClone(claims) as unknown as { rows: { claims: Record<string, unknown> }[] };
    reversed.rows[3]!.claims['go-nethttp'] = { kind: 'range', low: 5, high: 2, source: '5–2 ms' };
    expect(claimsFileSchema.safeParse(reversed).success).toBe(false);
  });
  it('reports a bad claims file as a one-line usage error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-'));
    const file = path.join(dir, 'claims.json');
    writeFileSync(file, JSON.stringify({ source: 'x', conditions: { vcpus: 4 }, tolerance: 0.5, ratioPairs: [], rows: [] }));
    expect(() => readClaimsFile(file)).toThrow(UsageError);
    expect(() => readClaimsFile(file)).toThrow(/^invalid claims file .*claims\.json: tolerance: /);
    expect(() => readClaimsFile(path.join(dir, 'missing.json'))).toThrow(/^cannot read claims file/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('client-bound requests/s is a floor in the claims check', () => {
  const band = { low: 100, high: 100 };
  it('a floor below the band is inconclusive, not lower', () => {
    expect(judge({ median: 30, low: 28, high: 32, level: 0.97, bound: 'floor' }, band, 1.5)).toEqual({ kind: 'inconclusive', reason: 'client-bound' });
    expect(judge({ median: 30, low: 28, high: 32, level: 0.97 }, band, 1.5).kind).toBe('lower');
  });
  it('a floor above the band is surely higher', () => {
    expect(judge({ median: 300, low: 280, high: 320, level: 0.97, bound: 'floor' }, band, 1.5).kind).toBe('higher');
  });
  it('a ceiling can only prove lower; two floors prove nothing', () => {
    const exact = { median: 10, low: 10, high: 10, level: null };
    const floor = { median: 10, low: 10, high: 10, level: null, bound: 'floor' as const };
    expect(ratioOf(exact, floor)!.bound).toBe('ceiling');
    expect(ratioOf(floor, exact)!.bound).toBe('floor');
    expect(ratioOf(floor, floor)!.bound).toBe('unknown');
    expect(judge({ median: 30, low: 28, high: 32, level: 0.9, bound: 'ceiling' }, band, 1.5).kind).toBe('lower');
    expect(judge({ median: 300, low: 280, high: 320, level: 0.9, bound: 'ceiling' }, band, 1.5)).toEqual({ kind: 'inconclusive', reason: 'client-bound' });
    expect(judge({ median: 30, low: 28, high: 32, level: 0.9, bound: 'unknown' }, band, 1.5).kind).toBe('inconclusive');
  });
});
