// One formatting of every metric: one result file rendered through the console summary, the
// Markdown report, the HTML report, compare and gate shows each metric as the same string on every
// screen (the value read back out of each rendering, then compared), and in the units chosen in
// harness/metrics/format.ts (decimal MB, 61.1K, ms/µs).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { compareResults } from '../harness/compare/compare-results.js';
import { renderComparisonTable } from '../harness/compare/render-comparison.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { renderGateTable } from '../harness/gate/render-gate.js';
import { renderConsoleSummary } from '../harness/output/console-summary.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { renderHtml } from '../harness/report/render-html.js';
import { renderMarkdown } from '../harness/report/render-markdown.js';
import { readResultFile } from '../harness/results/read-result.js';
import type { ResultFile } from '../harness/results/schema.js';
import { baselinePath } from './fixtures/results/variants.js';

const claims = readClaimsFile();
const SHOWN = ['rps', 'p99', 'peakMemory', 'idleRss', 'coldStart', 'size'] as const;
type Shown = (typeof SHOWN)[number];
type Values = Record<string, Partial<Record<Shown, string>>>;

/** "61.1K (59.9K–62.2K)", "4.19 MB (binary)", "61.1K ±1.9%" → the value itself: "61.1K", "4.19 MB". */
const value = (cell: string): string => cell.replace(/ \(.*\)$/, '').replace(/ ±[\d.]+%$/, '').replace(/ ⚠.*$/, '');

/** Cells of an aligned text table (renderTextTable): columns are two or more spaces apart. */
const textCells = (line: string): string[] => line.trim().split(/\s{2,}/);

function fromConsole(text: string, scenario: string): Values {
  const section = text.split('\n\n').find((s) => s.startsWith(`scenario ${scenario}\n`))!;
  const [, header, , ...rows] = section.split('\n');
  const targets = textCells(header!);
  const labels: Record<string, Shown> = { 'requests/s': 'rps', P99: 'p99', 'peak RSS': 'peakMemory', 'idle RSS': 'idleRss', 'cold start': 'coldStart', size: 'size' };
  const out: Values = {};
  for (const row of rows) {
    const [label, ...cells] = textCells(row);
    const metric = labels[label!];
    if (metric) cells.forEach((c, i) => ((out[targets[i]!] ??= {})[metric] = value(c)));
  }
  return out;
}

/** The article's table of a Markdown report. */
function fromMarkdown(md: string, scenario: string): Values {
  const after = md.slice(md.indexOf("The article's table, measured")).split('\n').slice(2);
  const lines = after.slice(0, after.findIndex((l) => !l.startsWith('| ')));
  const split = (l: string) => l.slice(2, -2).split(' | ');
  return fromRows(split(lines[0]!).slice(1), lines.slice(2).map(split), scenario);
}

/** The article's table of an HTML report. */
function fromHtml(html: string, scenario: string): Values {
  const table = /<table data-table="article">(.*?)<\/table>/s.exec(html)![1]!;
  const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) => c[1]!));
  return fromRows(rows[0]!.slice(1), rows.slice(1), scenario);
}

function fromRows(targets: string[], rows: string[][], scenario: string): Values {
  const labels: Record<string, Shown> = {
    [`Requests/s (${scenario})`]: 'rps',
    [`P99 latency (${scenario})`]: 'p99',
    'Peak RSS (highest reading, kernel high-water mark)': 'peakMemory',
    'Memory per instance (idle RSS, fresh)': 'idleRss',
    'Cold start (median of fresh starts)': 'coldStart',
    'Binary/image size': 'size',
  };
  const out: Values = {};
  for (const [label, ...cells] of rows) {
    const metric = labels[label!];
    if (metric) cells.forEach((c, i) => ((out[targets[i]!] ??= {})[metric] = value(c)));
  }
  return out;
}

/** The baseline column of a compare or gate table (target, scenario, metric, baseline, ...). */
function fromComparison(text: string, scenario: string): Values {
  const labels: Record<string, Shown> = { 'requests/s': 'rps', P99: 'p99', 'peak RSS': 'peakMemory', 'idle RSS': 'idleRss', 'cold start': 'coldStart', size: 'size' };
  const out: Values = {};
  for (const line of text.split('\n')) {
    const [target, rowScenario, label, baseline] = textCells(line);
    const metric = labels[label ?? ''];
    if (metric && baseline && (rowScenario === scenario || rowScenario === '—')) (out[target!] ??= {})[metric] = value(baseline);
  }
  return out;
}

function renderings(result: ResultFile, scenario: string, withGate: boolean): Record<string, Values> {
  const self = (label: string) => ({ label, result });
  const screens: Record<string, Values> = {
    console: fromConsole(renderConsoleSummary(result), scenario),
    markdown: fromMarkdown(renderMarkdown([result], claims), scenario),
    html: fromHtml(renderHtml([result], claims), scenario),
    compare: fromComparison(renderComparisonTable(compareResults(self('a.json'), self('b.json'))), scenario),
  };
  // idle RSS is off by default in the gate; its floor puts it in the table
  if (withGate) screens.gate = fromComparison(renderGateTable(gateResults(result, result, { floors: { idleRss: 5, peakMemory: 5 } }, { baseline: 'a.json', current: 'b.json' })), scenario);
  return screens;
}

describe('one result file, five screens, one string per metric', () => {
  const result = readResultFile(baselinePath);
  const screens = renderings(result, 'json', true);

  it('every screen shows every metric of every target', () => {
    expect(Object.keys(screens)).toEqual(['console', 'markdown', 'html', 'compare', 'gate']);
    for (const [screen, values] of Object.entries(screens)) {
      expect(Object.keys(values).sort(), screen).toEqual(['axum', 'fastapi', 'go-nethttp']);
      for (const [target, metrics] of Object.entries(values)) expect(Object.keys(metrics).sort(), `${screen} ${target}`).toEqual([...SHOWN].sort());
    }
  });

  it.each(['axum', 'go-nethttp', 'fastapi'])('%s: each metric reads the same on the console, in both reports, in compare and in gate', (target) => {
    for (const metric of SHOWN) {
      const strings = Object.fromEntries(Object.entries(screens).map(([screen, values]) => [screen, values[target]![metric]]));
      expect(new Set(Object.values(strings)).size, `${target} ${metric}: ${JSON.stringify(strings)}`).toBe(1);
    }
  });

  it('in the chosen units: K requests/s, ms/µs latency, decimal MB, ms cold start', () => {
    // medians of baseline.json: rps 61,061; P99 1,498.5 µs; idle RSS of 6 fresh starts 4,101,025 B;
    // the instance's peak (memory.peakRssBytes) 14,140,000 B; cold start 9.025 ms; size 4,194,304 B (4.19 MB, not 4.0 MiB)
    expect(screens.console!.axum).toEqual({ rps: '61.1K', p99: '1.50 ms', peakMemory: '14.1 MB', idleRss: '4.10 MB', coldStart: '9.03 ms', size: '4.19 MB' });
    expect(screens.gate!['go-nethttp']).toEqual({ rps: '52.0K', p99: '1.85 ms', peakMemory: '28.2 MB', idleRss: '9.50 MB', coldStart: '18.0 ms', size: '7.34 MB' });
    expect(screens.compare!.fastapi).toEqual({ rps: '9.81K', p99: '9.79 ms', peakMemory: '96.8 MB', idleRss: '61.0 MB', coldStart: '822 ms', size: '58.7 MB' });
  });
});

describe('idle memory has one source', () => {
  it('the median of idleRssSamples (one per fresh server) everywhere, not the single idleRssBytes', () => {
    // real-2core.json: axum idleRssBytes 2,961,408 but fresh starts 1,859,584 / 1,748,992 / 1,851,392.
    // Three trials cannot be gated (exit 2), so the gate is left out here; it shares compare's cells.
    const real = readResultFile(path.join(__dirname, 'fixtures', 'report', 'real-2core.json'));
    for (const [screen, values] of Object.entries(renderings(real, 'json', false))) expect(values.axum!.idleRss, screen).toBe('1.85 MB');
  });
  it('a file from before idleRssSamples falls back to idleRssBytes, the same on every screen', () => {
    const old = readResultFile(path.join(__dirname, 'fixtures', 'report', 'four-vcpu.json'));
    expect(old.targets.every((t) => t.memory.idleRssSamples === undefined)).toBe(true);
    for (const [screen, values] of Object.entries(renderings(old, 'json', false))) expect(values.axum!.idleRss, screen).toBe('3.40 MB');
  });
});
