// The renderers on fixture result files (swap in a real one by adding it to FIXTURES): the claims
// check in both modes, Markdown that GitHub renders as tables, HTML that escapes user data, several
// files, the report command and writeReports.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync as mkdtemp, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { readResultFile } from '../harness/results/read-result.js';
import type { ResultFile } from '../harness/results/schema.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { checkClaims } from '../harness/report/claims-check.js';
import { renderMarkdown } from '../harness/report/render-markdown.js';
import { renderHtml } from '../harness/report/render-html.js';
import { writeReports } from '../harness/report/write-reports.js';
import { registerReportCommand } from '../harness/report/report-command.js';
import { UsageError } from '../harness/errors.js';

const FIXTURES = path.join(__dirname, 'fixtures', 'report');
const fourVcpuPath = path.join(FIXTURES, 'four-vcpu.json');
const twoCorePath = path.join(FIXTURES, 'two-core.json');
const fourVcpu = readResultFile(fourVcpuPath);
const twoCore = readResultFile(twoCorePath);
const claims = readClaimsFile();
const real = readResultFile(path.join(FIXTURES, 'real-2core.json'));

const tempDirs: string[] = [];
function mkdtempSync(prefix: string): string {
  const dir = mkdtemp(prefix);
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** Cells of a GFM table row, split on pipes that are not escaped. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** Every pipe table in a Markdown text: header, separator and rows have the same cell count. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] | null = null;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      out.push(current);
      current = null;
    }
  }
  if (current) out.push(current);
  return out;
}

function hostile(result: ResultFile): ResultFile {
  const r = structuredClone(result);
  r.targets[0]!.name = 'evil|name<script>alert(1)</script>';
  r.targets[0]!.framework = 'a*b_c `code` [link](http://x)';
  r.machine.cpuModel = 'CPU "quoted" & <b>bold</b>\nnext line';
  r.warnings = ['<img src=x onerror=alert(1)>'];
  return r;
}

describe('claims check', () => {
  it('judges absolute numbers when every target was granted the claim\'s 4 vCPUs', () => {
    const check = checkClaims(fourVcpu, claims);
    expect(check.mode).toBe('absolute');
    const rps = check.rows.find((r) => r.metric === 'rps')!;
    expect(rps.scenario).toBe('json');
    expect(rps.absolute.map((c) => c.verdict.kind)).toEqual(['agrees', 'agrees', 'agrees']);
    const p99 = check.rows.find((r) => r.metric === 'p99')!;
    expect(p99.absolute.find((c) => c.target === 'axum')!.measured!.median).toBeLessThan(1000);
    expect(p99.absolute.find((c) => c.target === 'axum')!.verdict.kind).toBe('agrees');
    const size = check.rows.find((r) => r.metric === 'size')!;
    expect(size.absolute.find((c) => c.target === 'fastapi')!.verdict.kind).toBe('lower');
    const t = check.tally;
    expect(t.agrees + t.disagrees + t.inconclusive + t['no-data']).toBe(15);
  });
  it('judges ratios between languages, not absolute numbers, on another machine', () => {
    const check = checkClaims(twoCore, claims);
    expect(check.mode).toBe('ratio');
    expect(check.granted).toEqual({ axum: 1, 'go-nethttp': 1, fastapi: 1 });
    for (const r of check.rows) {
      for (const c of r.absolute) expect(c.verdict.kind).toBe('not-judged');
      expect(r.ratios.map((c) => c.pair.join('/'))).toEqual(['axum/go-nethttp', 'go-nethttp/fastapi']);
    }
    const rps = check.rows.find((r) => r.metric === 'rps')!.ratios[0]!;
    expect(rps.claimed.low).toBeCloseTo(400 / 180, 6);
    // an older file has no rounds: the ratio of the two geometric means, near the ratio of the medians
    expect(rps.measured!.median).toBeCloseTo(41_493 / 24_116.5, 1);
    // every axum trial in this fixture is client-bound: its requests/s is a floor, so a ratio
    // that looks like agreement proves nothing (a faster load generator could raise it)
    expect(rps.measured!.bound).toBe('floor');
    expect(rps.verdict).toEqual({ kind: 'inconclusive', reason: 'client-bound' });
    expect(check.tally.agrees + check.tally.disagrees + check.tally.inconclusive).toBe(10);
  });
  it('says "no data" for a target the run did not measure', () => {
    const r = structuredClone(fourVcpu);
    r.targets = r.targets.filter((t) => t.name !== 'fastapi');
    const check = checkClaims(r, claims);
    expect(check.rows[0]!.absolute.find((c) => c.target === 'fastapi')!.verdict.kind).toBe('no-data');
    expect(check.rows[0]!.ratios[1]!.verdict.kind).toBe('no-data');
  });
});

describe('a run of one\'s own servers', () => {
  it('shows the five figures without the article\'s name or a claims check, in both reports', () => {
    const own = structuredClone(fourVcpu);
    own.targets = own.targets.filter((t) => t.name === 'go-nethttp').map((t) => ({ ...t, name: 'mine' }));
    const md = renderMarkdown([own], claims);
    expect(md).toContain('## The five figures, measured\n\n|  | mine |');
    expect(md).not.toMatch(/The article's table|Claims check|without data/);
    expect(md).toContain('No target the article makes claims about ran, so there is no claims check.');
    const html = renderHtml([own], claims);
    expect(html).toContain('The five figures, measured');
    expect(html).not.toMatch(/The article's table|Claims check|without data/);
    // with a reference target among them, the claims are back
    expect(renderMarkdown([fourVcpu], claims)).toMatch(/## Claims check/);
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown([fourVcpu], claims);
  it('starts with the article\'s table, measured, in human units, and the machine line', () => {
    expect(md).toContain("## The article's table, measured\n\n|  | axum | go-nethttp | fastapi |\n| --- | ---: | ---: | ---: |");
    expect(md).toMatch(/\| Requests\/s \(json\) \| 324K \(310K–333K\) ⚠ client-bound 2\/6 \| 172K \(163K–178K\) \| 30\.4K/);
    expect(md).toMatch(/\| P99 latency \(json\) \| 840 µs \(806–897\) \| 2\.65 ms \(2\.54–2\.90\) \| 24\.0 ms/);
    expect(md).toMatch(/\| Binary\/image size \| 2\.91 MB \(binary\) \| 7\.44 MB \(binary\) \| 61\.8 MB \(venv\+sources\) \|/);
    // memory: idle per fresh start (this older file has one value), peak as the median of the json trials
    expect(md).toContain('| Memory per instance (idle RSS, fresh) | 3.40 MB | 9.80 MB | 182 MB |');
    expect(md).toContain('| Peak RSS (highest reading, kernel high-water mark) | 10.1 MB | 25.9 MB | 241 MB |');
    expect(md).toContain('| Cold start (median of fresh starts) | 4.16 ms (3.85–4.42 @94%) | 6.80 ms (6.06–7.12 @94%) | 1,021 ms (955–1,083 @94%) |');
    expect(md).toContain('**Machine:** AMD EPYC 7B13 64-Core Processor, 8 cores, 33.7 GB RAM · server 4 of 4 requested cores (cpuset 0-3), load generator cpuset 4-7 · runtime process');
  });
  it('sets each claim beside its measurement with a verdict, and explains the rule', () => {
    expect(md).toContain('| Requests/s (geometric mean, json) | axum | \\~400K req/s | 324K (315K–333K) | ✅ agrees |');
    expect(md).toContain('| P99 latency (geometric mean, json) | axum | \\<1 ms | 846 µs (810–884) | ✅ agrees |');
    expect(md).toContain('| Binary/image size (artifact) | fastapi | 300+ MB | 61.8 MB | ❌ 4.9× lower |');
    expect(md).toContain('**How the verdict is decided.**');
    expect(md).toContain('tolerance factor 1.5');
  });
  it('in ratio mode, judges Axum/Go and Go/FastAPI and shows absolute numbers unjudged', () => {
    const md2 = renderMarkdown([twoCore], claims);
    expect(md2).toContain('this run granted axum 1, go-nethttp 1, fastapi 1');
    expect(md2).toMatch(/\| Requests\/s \| axum \/ go-nethttp \| \\~2\.22× \| 1\.68× \(1\.55–1\.82 @90%\) \| ❔ inconclusive \(client-bound\) \|/);
    expect(md2).toContain('— not judged: 1 vCPU, not 4');
  });
  it('has one table per scenario with every metric, including client-bound and error flags', () => {
    for (const s of ['json', 'tool']) expect(md).toContain(`## Scenario ${s}: `);
    for (const label of ['P50 latency', 'P90 latency', 'P99.9 latency', 'Max latency', 'Errors (all trials)', 'Non-2xx', 'Timeouts', 'Client CPU', 'Server CPU', 'Peak RSS', 'Client-bound trials'])
      expect(md).toContain(`| ${label}`);
    expect(md).toContain('| Client-bound trials | 2/6 ⚠ | 0/6 | 0/6 |');
    expect(md).toMatch(/\| axum \| 2 \| [^\n]* \| ⚠ yes \|/);
  });
  it('produces valid GitHub pipe tables: every row has the header\'s cell count', () => {
    for (const md2 of [md, renderMarkdown([real], claims), renderMarkdown([twoCore], claims), renderMarkdown([fourVcpu, twoCore], claims), renderMarkdown([hostile(fourVcpu)], claims)]) {
      const ts = tables(md2);
      expect(ts.length).toBeGreaterThan(5);
      for (const t of ts) {
        const n = cells(t[0]!).length;
        expect(t[1]).toMatch(/^\| (---:?|:?---)( \| (---:?|:?---))* \|$/);
        for (const line of t) expect(cells(line).length, line).toBe(n);
      }
    }
  });
  it('escapes user text: pipes, HTML and Markdown syntax from the result file', () => {
    const md2 = renderMarkdown([hostile(fourVcpu)], claims);
    expect(md2).toContain('evil\\|name\\<script\\>alert(1)\\</script\\>');
    expect(md2).not.toMatch(/(?<!\\)<script>/);
    expect(md2).not.toMatch(/(?<!\\)<img/);
    expect(md2).toContain('a\\*b\\_c \\`code\\` \\[link\\](http://x)');
    expect(md2).toContain('CPU "quoted" \\& \\<b\\>bold\\</b\\> next line');
  });
  it('with several files: a trend table first, then one section per run', () => {
    const md2 = renderMarkdown([fourVcpu, twoCore], claims);
    expect(md2).toContain('## Trend across 2 runs');
    expect(md2).toMatch(/\| Target \| Run 1 \| Run 2 \|\n\| --- \| ---: \| ---: \|\n\| axum \| 324K \(310K–333K\) · P99 840 µs \(806–897\) ⚠ \| 41\.5K \(39\.2K–41\.9K\) · P99 3\.35 ms/);
    expect(md2.indexOf('## Run 1: 2026-11-20 09:12 UTC on bench-c2-8')).toBeGreaterThan(md2.indexOf('## Trend'));
    expect(md2.indexOf('## Run 2: 2026-11-26 11:02 UTC on dev-box')).toBeGreaterThan(md2.indexOf('## Run 1'));
    expect(md2).toContain('### Claims check');
  });
});

/** fastapi failed verification (nothing measured), go-nethttp had errors in one trial */
function damaged(result: ResultFile): ResultFile {
  const r = structuredClone(result);
  const fastapi = r.targets.find((t) => t.name === 'fastapi')!;
  Object.assign(fastapi, {
    status: 'failed-verification', scenarios: [], sizeBytes: null,
    coldStartMs: { samples: [], median: null }, memory: { idleRssBytes: null, peakRssBytes: null },
    verification: { passed: false, failures: ['GET /json: Content-Type was text/plain, expected application/json'] },
  });
  const trial = r.targets.find((t) => t.name === 'go-nethttp')!.scenarios[0]!.trials[2]!;
  Object.assign(trial, { errors: 3, non2xx: 12, timeouts: 1 });
  return r;
}

describe('a failed target and errored trials', () => {
  const r = damaged(fourVcpu);
  it('Markdown says n/a and flags the errors, never averaging them away', () => {
    const md = renderMarkdown([r], claims);
    expect(md).toMatch(/\| Requests\/s \(json\) \| [^|]+ \| 172K \(163K–178K\) ⚠ errors in 1\/6 \| n\/a \|/);
    expect(md).toContain('| Trials with errors | 0/6 | 1/6 ⚠ | n/a |');
    expect(md).toContain('| Errors (all trials) | 0 | 3 | n/a |');
    expect(md).toContain('failed-verification: GET /json: Content-Type was text/plain, expected application/json');
    expect(md).toContain('| Requests/s (geometric mean, json) | fastapi | \\~35K req/s | n/a | — no data |');
  });
  it('HTML draws what was measured and marks the errored trial', () => {
    const h = renderHtml([r], claims);
    expect((h.match(/<g data-bar="[^"]*:(json|tool)"/g) ?? []).length).toBe(4);
    expect((h.match(/<g data-bar="[^"]*:(idle|peak)"/g) ?? []).length).toBe(4);
    expect(h).toContain('class="trial err"');
    expect(h).toContain('Trials with errors, non-2xx or timeouts (red dots): go-nethttp · json: 1/6 trials');
  });
});

describe('a real result file (2 cores, 3 trials)', () => {
  it('orders targets as the article does and shows the intervals\' true coverage', () => {
    const md2 = renderMarkdown([real], claims);
    expect(real.targets.map((t) => t.name)).toEqual(['axum', 'fastapi', 'go-nethttp']);
    expect(md2).toContain("## The article's table, measured\n\n|  | axum | go-nethttp | fastapi |");
    expect(md2).toMatch(/\| Requests\/s \(json\) \| [\d.]+K \([\d.]+K–[\d.]+K @75%\) \|/);
    expect(checkClaims(real, claims).mode).toBe('ratio');
  });
});

describe('renderHtml', () => {
  const html = renderHtml([fourVcpu], claims);
  it('is one self-contained page: no scripts, no external URLs, a CSP that forbids loading anything', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|@import|url\(http|src="http|href="http/i);
    expect(html).toContain("default-src 'none'");
  });
  it('has every chart, with a countable element per bar and series', () => {
    const count = (re: RegExp) => (html.match(re) ?? []).length;
    for (const c of ['rps', 'latency-json', 'latency-tool', 'memory', 'cold-start', 'size']) expect(html).toContain(`data-chart="${c}"`);
    expect(count(/<g data-bar="[^"]*:(json|tool)"/g)).toBe(6);
    expect(count(/<g data-bar="[^"]*:(idle|peak)"/g)).toBe(6);
    expect(count(/data-point=""/g)).toBe(15);
    expect(html).toContain('data-client-bound="true"');
  });
  it('escapes every string from the result file', () => {
    const h = renderHtml([hostile(fourVcpu)], claims);
    expect(h).not.toContain('<script>alert(1)</script>');
    expect(h).not.toContain('<img src=x');
    expect(h).not.toContain('<b>bold</b>');
    expect(h).toContain('evil|name&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(h).toContain('data-bar="evil|name&lt;script&gt;alert(1)&lt;/script&gt;:json"');
    expect(h).toContain('CPU &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });
  it('with several files: trend charts, then one section per run', () => {
    const h = renderHtml([fourVcpu, twoCore], claims);
    expect((h.match(/<section class="run" data-run="\d"/g) ?? []).length).toBe(2);
    for (const c of ['trend-rps-json', 'trend-p99-json', 'trend-rps-tool', 'trend-p99-tool']) expect(h).toContain(`data-chart="${c}"`);
    expect(h.indexOf('data-trend')).toBeLessThan(h.indexOf('data-run="0"'));
  });
});

describe('writing reports', () => {
  it('writeReports puts <result>.md and <result>.html next to the result file, atomically', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const file = path.join(dir, '20261120T091204Z-bench.json');
    writeFileSync(file, readFileSync(fourVcpuPath));
    const written = writeReports(file, [fourVcpu]);
    expect(written).toEqual({ markdown: path.join(dir, '20261120T091204Z-bench.md'), html: path.join(dir, '20261120T091204Z-bench.html') });
    expect(readFileSync(written.markdown, 'utf8')).toBe(renderMarkdown([fourVcpu], claims));
    expect(readFileSync(written.html, 'utf8')).toBe(renderHtml([fourVcpu], claims));
    writeReports(file, [fourVcpu]); // a derived file: replaced, no error
    expect(readdirSync(dir).sort()).toEqual(['20261120T091204Z-bench.html', '20261120T091204Z-bench.json', '20261120T091204Z-bench.md']);
  });

  async function report(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const program = new Command('langbench').exitOverride();
    registerReportCommand(program);
    let stdout = '';
    let stderr = '';
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
    try {
      await program.parseAsync(['node', 'langbench', 'report', ...args]);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    return { stdout, stderr };
  }

  it('langbench report prints Markdown to stdout by default', async () => {
    const { stdout } = await report([fourVcpuPath]);
    expect(stdout).toBe(renderMarkdown([fourVcpu], claims));
  });
  it('langbench report --html --markdown writes both files, for several result files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const html = path.join(dir, 'out', 'r.html');
    const md = path.join(dir, 'r.md');
    const { stdout } = await report([fourVcpuPath, twoCorePath, '--html', html, '--markdown', md]);
    expect(stdout).toBe('');
    expect(readFileSync(html, 'utf8')).toBe(renderHtml([fourVcpu, twoCore], claims));
    expect(readFileSync(md, 'utf8')).toBe(renderMarkdown([fourVcpu, twoCore], claims));
  });
  it('a missing or invalid result file is a one-line usage error, and nothing is written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const html = path.join(dir, 'r.html');
    await expect(report([path.join(dir, 'nope.json'), '--html', html])).rejects.toThrow(UsageError);
    writeFileSync(path.join(dir, 'bad.json'), '{"schemaVersion":1}');
    await expect(report([path.join(dir, 'bad.json'), '--html', html])).rejects.toThrow(/does not match the result schema/);
    expect(existsSync(html)).toBe(false);
  });
});

describe('several result files', () => {
  it('read as a trend, oldest first, whatever order they are given in', () => {
    const older: ResultFile = { ...fourVcpu, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:10:00.000Z' };
    const newer: ResultFile = { ...twoCore, startedAt: '2026-02-01T00:00:00.000Z', finishedAt: '2026-02-01T00:10:00.000Z' };
    const md = renderMarkdown([newer, older], claims);
    expect(md.indexOf('Run 1: 2026-01-01')).toBeGreaterThan(-1);
    expect(md.indexOf('Run 2: 2026-02-01')).toBeGreaterThan(md.indexOf('Run 1: 2026-01-01'));
    expect(md).toBe(renderMarkdown([older, newer], claims));
    expect(renderHtml([newer, older], claims)).toBe(renderHtml([older, newer], claims));
  });
});

describe('disturbed trials in the reports', () => {
  const claims = readClaimsFile();
  const base = readResultFile(path.join(__dirname, 'fixtures', 'results', 'baseline.json'));
  const marked = structuredClone(base) as ResultFile;
  const axum = marked.targets.find((t) => t.name === 'axum')!;
  axum.scenarios[0]!.trials[0]!.disturbed = '43% foreign CPU on the server cores (threshold 10%)';
  // written under the old CV rule: read by today's, it still backs verdicts
  Object.assign(axum.scenarios[0]!.summary, { trust: 'unstable', trustReason: 'requests/s varies 14% between trials (limit 10%)' });
  const mostly = structuredClone(marked) as ResultFile;
  const go = mostly.targets.find((t) => t.name === 'go-nethttp')!;
  go.scenarios[0]!.trials.forEach((t, i) => {
    if (i > 0) t.disturbed = '30% foreign CPU on the load generator cores (threshold 10%)';
  });

  it('HTML: a banner counts the disturbed trials and names the scenarios that back no verdict', () => {
    const h = renderHtml([marked], claims);
    expect(h).toContain('data-untrusted="0" data-disturbed="1"');
    expect(h).toMatch(/1 trial was disturbed<\/b> \(other work on their cores\) and left out/);
    const m = renderHtml([mostly], claims);
    expect(m).toContain(`data-untrusted="1" data-disturbed="${1 + go.scenarios[0]!.trials.length - 1}"`);
    expect(m).toContain(`go-nethttp · ${go.scenarios[0]!.name} (mostly disturbed)`);
    expect(renderHtml([base], claims)).not.toContain('data-untrusted=');
  });

  it('Markdown: the trial row says why it was left out, the table marks only a scenario without an interval', () => {
    const md = renderMarkdown([marked], claims);
    expect(md).toContain('❔ left out: 43% foreign CPU on the server cores (threshold 10%)');
    expect(md).toMatch(/\| Clean trials \([^)]+\) \| 5\/6 \(1 disturbed\) \|/);
    expect(renderMarkdown([mostly], claims)).toMatch(/1\/6 \(5 disturbed\) ❔ mostly disturbed/);
  });
});
