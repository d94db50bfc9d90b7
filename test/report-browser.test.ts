// The HTML report in a real browser: Debian's Chromium, driven by playwright-core. Every chart must
// render with the right number of bars and series (counted from the result files, so a real result
// file can replace the fixtures), with no console errors and no request but the file itself.
// Screenshots go to test-output/ (git-ignored). Needs `apt-get install -y chromium`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readResultFile } from '../harness/results/read-result.js';
import type { ResultFile } from '../harness/results/schema.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { renderHtml } from '../harness/report/render-html.js';

const CHROMIUM = process.env.LANGBENCH_CHROMIUM ?? '/usr/bin/chromium';
const OUT = path.join(__dirname, '..', 'test-output');
const FIXTURES = path.join(__dirname, 'fixtures', 'report');
// Swap in a real result file here (or add it): every expectation below is counted from the data.
const SINGLE = [path.join(FIXTURES, 'four-vcpu.json')];
const SEVERAL = [path.join(FIXTURES, 'four-vcpu.json'), path.join(FIXTURES, 'two-core.json')];
// A real run on a 2-core machine (3 trials of 3 s; fastapi's tool scenario failed every trial).
const REAL = [path.join(FIXTURES, 'real-2core.json')];

/** What each chart of one run must show, counted from its result file. */
function expectedCharts(r: ResultFile): Record<string, { bars?: number; series?: number; points?: number }> {
  const withTrials = (s: { trials: unknown[] }) => s.trials.length > 0;
  const scenarios = [...new Set(r.targets.flatMap((t) => t.scenarios.map((s) => s.name)))];
  const charts: Record<string, { bars?: number; series?: number; points?: number }> = {
    rps: { bars: r.targets.reduce((n, t) => n + t.scenarios.filter(withTrials).length, 0) },
  };
  for (const s of scenarios) charts[`latency-${s}`] = { series: r.targets.filter((t) => t.scenarios.some((x) => x.name === s && withTrials(x))).length };
  charts.memory = { bars: r.targets.reduce((n, t) => n + (t.memory.idleRssBytes != null ? 1 : 0) + (t.memory.peakRssBytes != null ? 1 : 0), 0) };
  charts['cold-start'] = {
    series: r.targets.filter((t) => t.coldStartMs.samples.length > 0).length,
    points: r.targets.reduce((n, t) => n + t.coldStartMs.samples.length, 0),
  };
  charts.size = { bars: r.targets.filter((t) => t.sizeBytes != null).length };
  return charts;
}

interface Loaded {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  url: string;
}

let browser: Browser;
const claims = readClaimsFile();

async function open(name: string, files: string[] | ResultFile[]): Promise<Loaded & { results: ResultFile[] }> {
  const results = files.map((f) => (typeof f === 'string' ? readResultFile(f) : f));
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.html`);
  writeFileSync(file, renderHtml(results, claims));
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, consoleErrors, requests, url, results };
}

/** Checks every chart of one run section against the counts from its result file. */
async function checkRun(page: Page, section: string, r: ResultFile): Promise<void> {
  const expected = expectedCharts(r);
  const charts = await page.locator(`${section} [data-chart]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-chart')));
  expect(charts).toEqual(Object.keys(expected));
  for (const [chart, want] of Object.entries(expected)) {
    const fig = page.locator(`${section} [data-chart="${chart}"]`);
    const svg = fig.locator('svg');
    const box = await svg.boundingBox();
    expect(box, `${chart} svg box`).not.toBeNull();
    expect(box!.width, `${chart} width`).toBeGreaterThan(300);
    expect(box!.height, `${chart} height`).toBeGreaterThan(100);
    expect(await fig.locator('h3').innerText()).not.toBe('');
    if (want.bars !== undefined) {
      expect(await fig.locator('[data-bar]').count(), `${chart} bars`).toBe(want.bars);
      // every bar drew something: its rectangle has a visible size
      const sizes = await fig.locator('[data-bar] rect.bar').evaluateAll((els) => els.map((e) => (e as SVGGraphicsElement).getBBox()).map((b) => b.width * b.height));
      expect(sizes.length).toBe(want.bars);
      for (const s of sizes) expect(s, `${chart} bar area`).toBeGreaterThan(0);
    }
    if (want.series !== undefined) {
      const series = fig.locator('[data-series]');
      expect(new Set(await series.evaluateAll((els) => els.map((e) => e.getAttribute('data-series')))).size, `${chart} series`).toBe(want.series);
    }
    if (want.points !== undefined) expect(await fig.locator('[data-point]').count(), `${chart} points`).toBe(want.points);
  }
  // latency curves are drawn lines with a point per percentile, not empty paths
  const lengths = await page.locator(`${section} [data-chart^="latency-"] polyline.curve`).evaluateAll((els) => els.map((e) => (e as SVGPolylineElement).getTotalLength()));
  for (const l of lengths) expect(l).toBeGreaterThan(100);
  // client-bound trials are flagged where a reader looks: the banner and the hatched bars
  const clientBound = r.targets.flatMap((t) => t.scenarios.filter((s) => s.trials.some((x) => x.clientBound)).map((s) => `${t.name}:${s.name}`));
  const flagged = await page.locator(`${section} [data-chart="rps"] [data-client-bound="true"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-bar')));
  expect(flagged).toEqual(clientBound);
  if (clientBound.length > 0) await expect(page.locator(`${section} .banner[data-client-bound]`).isVisible()).resolves.toBe(true);
  // the claims check and the machine facts are on the page
  expect(await page.locator(`${section} table[data-claims] td[data-verdict]`).count()).toBeGreaterThanOrEqual(10);
  expect(await page.locator(`${section} [data-facts]`).innerText()).toContain(r.machine.cpuModel);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) or set LANGBENCH_CHROMIUM`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  it('one result file: every chart rendered with its bars and series, no errors, no network', async () => {
    const { page, consoleErrors, requests, url, results } = await open('report', SINGLE);
    await checkRun(page, 'section[data-run="0"]', results[0]!);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(OUT, 'report.png'), fullPage: true });
    await page.close();
  });

  it('a real result file renders every chart, errors and all', async () => {
    const { page, consoleErrors, requests, url, results } = await open('report-real', REAL);
    await checkRun(page, 'section[data-run="0"]', results[0]!);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(OUT, 'report-real.png'), fullPage: true });
    await page.close();
  });

  it('a target that failed verification and a trial with errors still render cleanly', async () => {
    const r = structuredClone(readResultFile(SINGLE[0]!));
    const failed = r.targets[r.targets.length - 1]!;
    Object.assign(failed, {
      status: 'failed-verification', scenarios: [], sizeBytes: null,
      coldStartMs: { samples: [], median: null }, memory: { idleRssBytes: null, peakRssBytes: null },
      verification: { passed: false, failures: ['GET /json: wrong Content-Type'] },
    });
    Object.assign(r.targets[0]!.scenarios[0]!.trials[0]!, { errors: 2, non2xx: 5, timeouts: 0 });
    const { page, consoleErrors, requests, url, results } = await open('report-failed', [r]);
    await checkRun(page, 'section[data-run="0"]', results[0]!);
    expect(await page.locator('[data-chart="rps"] circle.trial.err').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('several result files: trend charts, then every run\'s charts', async () => {
    const { page, consoleErrors, requests, url, results } = await open('report-trend', SEVERAL);
    const scenarios = [...new Set(results.flatMap((r) => r.targets.flatMap((t) => t.scenarios.map((s) => s.name))))];
    const targets = new Set(results.flatMap((r) => r.targets.map((t) => t.name)));
    const trend = await page.locator('[data-trend] [data-chart]').evaluateAll((els) => els.map((e) => e.getAttribute('data-chart')));
    expect(trend).toEqual(scenarios.flatMap((s) => [`trend-rps-${s}`, `trend-p99-${s}`]));
    for (const chart of trend) expect(await page.locator(`[data-trend] [data-chart="${chart}"] [data-series]`).count()).toBe(targets.size);
    expect(await page.locator('section[data-run]').count()).toBe(results.length);
    for (const [i, r] of results.entries()) await checkRun(page, `section[data-run="${i}"]`, r);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: path.join(OUT, 'report-trend.png'), fullPage: true });
    await page.close();
  });
});
