// Open-loop results in the reports, the claims check and the gate: runs on the fake runtime with a
// ladder (--rates) and an SLO search (--slo-p99), then rendered, judged and gated.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawBenchOptions } from '../harness/bench/bench-options.js';
import { DEFAULT_FAKE_SCRIPT, type FakeScript, type FakeTrialScript } from '../harness/runtime/fake-script.js';
import type { ResultFile } from '../harness/results/schema.js';
import { fakeBench, fakeBenchCores } from './helpers/fake-bench.js';
import { renderMarkdown } from '../harness/report/render-markdown.js';
import { renderHtml } from '../harness/report/render-html.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { checkClaims } from '../harness/report/claims-check.js';
import { gateResults } from '../harness/gate/gate-results.js';

const cores = fakeBenchCores();

const trials = (rps: number, p99: number): FakeTrialScript[] =>
  [0, 1, 2, 3, 4, 5].map((i) => ({ rps: rps + i * 10, latencyUs: { p50: 300 + i, p90: 400, p99: p99 + i * 4, max: 2000 } }));

/** go-nethttp tops out at 2000 req/s, axum at 4000; P99 as given, the same at every rate */
function script(goP99: number): FakeScript {
  const base = DEFAULT_FAKE_SCRIPT.fallback;
  return {
    fallback: base,
    targets: {
      'go-nethttp': { ...base, scenarios: { json: trials(2000, goP99) } },
      axum: { ...base, scenarios: { json: trials(4000, 500) } },
    },
  };
}

function bench(s: FakeScript, raw: RawBenchOptions): Promise<ResultFile> {
  return fakeBench(
    { cpus: '1', connections: '8', duration: '0.03', warmup: '0.01', rewarm: '0', trials: '6', coldStarts: '1', targets: 'go-nethttp,axum', scenarios: 'json', seed: '1', ...raw },
    { script: s, cores },
  );
}

let ladder: ResultFile;
let slowerLadder: ResultFile;
let slo: ResultFile;

beforeAll(async () => {
  ladder = await bench(script(900), { rates: '1000,3000' });
  slowerLadder = await bench(script(1900), { rates: '1000,3000' });
  slo = await bench(script(900), { sloP99: '5' });
}, 120_000);

describe('reports of open-loop runs', () => {
  it('Markdown: latency at each offered rate, the rate each sustained, P99 at the common rate', () => {
    const md = renderMarkdown([ladder], readClaimsFile());
    expect(md).toContain('Latency at a stated load: json (open loop)');
    const section = md.slice(md.indexOf('Latency at a stated load: json'));
    // columns: axum, go-nethttp (the claims' order)
    expect(section).toMatch(/\| At 1\.00K req\/s offered \| P50 30\d µs · P99 5\d\d µs · P99\.9 [^|]+\| P50 30\d µs · P99 9\d\d µs · P99\.9 [^|⚠]+\|/);
    // go-nethttp answers about 2000 of the 3000 offered: not sustained, said in its cell; axum keeps up
    expect(section).toMatch(/\| At 3\.00K req\/s offered \| P50 [^|⚠]+\| P50 [^|]+⚠ [^|]*achieved 6\d%/);
    expect(section).toMatch(/\| Highest rate sustained \(≥ 99% achieved, no errors\) \| 3\.00K \| 1\.00K \|/);
    expect(section).toMatch(/\| P99 at a common rate \(1\.00K req\/s\) \| 5\d\d µs \| 9\d\d µs \|/);
    // every open-loop trial says what the rate did: achieved share, service time, lag, in flight, unsent
    const trials = md.slice(md.indexOf('Every trial (json@3000rps)'));
    expect(trials).toContain('| Achieved (of offered) | Service P99 | Lag P99 | In flight at end | Unsent |');
    expect(trials).toMatch(/\| go-nethttp \| 1 \|[^\n]*\| 6\d% \| 9\d\d µs \| 0 µs \| 0 \| \d+ \|/);
  });

  it('Markdown: the SLO search\'s answer per target', () => {
    const md = renderMarkdown([slo], readClaimsFile());
    const row = md.split('\n').find((l) => l.startsWith('| Max req/s with P99 ≤ 5.00 ms'));
    expect(row).toBeDefined();
    // the fake keeps P99 under 1 ms at any rate; achieved >= 99% holds to 2000/0.99 and 4000/0.99
    const [, , axum, go] = row!.split('|').map((c) => c.trim());
    expect(Number(go!.replace('K', '')) * 1000).toBeGreaterThan(1900);
    expect(Number(go!.replace('K', '')) * 1000).toBeLessThanOrEqual(2020);
    expect(Number(axum!.replace('K', '')) * 1000).toBeGreaterThan(3800);
    expect(md).toMatch(/\| Trials at that rate \(P99 ≤ 5\.00 ms search\) \| P50 30\d µs · P99 5\d\d µs/);
  });

  it('HTML: latency against offered load, with the SLO line and each target\'s max sustainable rate', () => {
    const html = renderHtml([ladder], readClaimsFile());
    const chart = html.slice(html.indexOf('data-chart="load-latency-json"'));
    expect(chart.length).toBeGreaterThan(0);
    expect(html).toContain('data-open-loop="json"');
    expect(chart).toContain('data-max-rate="1000"');
    expect(chart).toContain('data-max-rate="3000"');
    const withSlo = renderHtml([slo], readClaimsFile());
    expect(withSlo).toContain('data-slo="5000"');
    expect(withSlo).toContain('data-probe=""');
  });

  it('the claims check judges the P99 claims at the stated load, and says which', () => {
    const check = checkClaims(ladder, readClaimsFile());
    const p99 = check.rows.find((r) => r.metric === 'p99')!;
    expect(p99.label).toBe('P99 latency at 1.00K req/s offered (open loop)');
    expect(p99.scenario).toBe('json@1000rps');
    const axum = p99.absolute.find((c) => c.target === 'axum') ?? p99.ratios[0];
    expect(axum?.measured).not.toBeNull();
  });
});

describe('compare and gate on open-loop scenarios', () => {
  const floors = { rps: 5, p99: 15, peakRss: null, coldStart: null, size: null };

  it('P99 at a fixed rate: a slower current fails the gate on json@1000rps', () => {
    const o = gateResults(ladder, slowerLadder, { floors });
    expect(o.passed).toBe(false);
    expect(o.failures.map((f) => `${f.target} ${f.scenario} ${f.metric}`)).toContain('go-nethttp json@1000rps p99');
    expect(o.failures.every((f) => f.target === 'go-nethttp' && f.metric === 'p99')).toBe(true);
  });

  it('the same run against itself passes', () => {
    expect(gateResults(ladder, ladder, { floors }).passed).toBe(true);
  });

  it('an SLO scenario is gated on its rate alone (its latencies ran at each run\'s own rate)', () => {
    const o = gateResults(slo, slo, { floors });
    const rows = o.comparison.rows.filter((r) => r.scenario === 'json@p99<=5ms');
    expect(rows.map((r) => r.metric)).toEqual(['rps', 'rps']);
    expect(rows[0]!.notes.join(' ')).toMatch(/highest rate within the P99 target/);
  });
});
