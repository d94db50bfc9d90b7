// The end-of-run table, per scenario: the article's table, measured. Pure: result in, text out.
import type { ResultFile, TargetResult } from '../results/schema.js';
import { renderTextTable } from './text-table.js';
import { formatBytes, formatMs, formatRps, formatUs, withInterval } from '../report/units.js';

/** First row is the header; the first column is labels (left), the rest numbers (right). */
function textTable(rows: string[][]): string {
  const [header, ...body] = rows as [string[], ...string[][]];
  return renderTextTable(header, body, header.map((_, i) => (i === 0 ? 'left' : 'right')));
}

const dash = '—';

/** withInterval marks an interval that covers less than 95% (too few trials) with @N%. */
function interval(s: { median: number; ci95: { low: number; high: number; level: number } }, format: (x: number) => string): string {
  return withInterval(s.median, s.ci95.low, s.ci95.high, format, s.ci95.level);
}

function scenarioRows(targets: TargetResult[], scenario: string): string[][] {
  const of = (t: TargetResult) => t.scenarios.find((s) => s.name === scenario);
  const cell = (t: TargetResult, render: (t: TargetResult) => string | null) => (t.status && t.status !== 'ok' ? t.status : render(t) ?? dash);
  return [
    ['', ...targets.map((t) => t.name)],
    [
      'requests/s (median, 95% CI)',
      ...targets.map((t) =>
        cell(t, (x) => {
          const s = of(x)?.summary.rps;
          return s ? interval(s, formatRps) : null;
        }),
      ),
    ],
    [
      'P99 latency',
      ...targets.map((t) =>
        cell(t, (x) => {
          const s = of(x)?.summary.p99Us;
          return s ? interval(s, formatUs) : null;
        }),
      ),
    ],
    ['peak RSS', ...targets.map((t) => cell(t, (x) => { const peaks = of(x)?.trials.map((tr) => tr.peakRssBytes); return peaks?.length ? formatBytes(Math.max(...peaks)) : null; }))],
    ['idle RSS', ...targets.map((t) => cell(t, (x) => (x.memory.idleRssBytes === null ? null : formatBytes(x.memory.idleRssBytes))))],
    ['cold start (median)', ...targets.map((t) => cell(t, (x) => (x.coldStartMs.median === null ? null : formatMs(x.coldStartMs.median))))],
    ['size', ...targets.map((t) => (t.sizeBytes === null ? dash : `${formatBytes(t.sizeBytes)} ${t.sizeKind ?? ''}`.trim()))],
    ['client-bound trials', ...targets.map((t) => cell(t, (x) => { const s = of(x); return s ? `${s.summary.clientBoundTrials ?? 0}/${s.trials.length}` : null; }))],
    ['trials with errors', ...targets.map((t) => cell(t, (x) => { const s = of(x); return s ? `${s.summary.erroredTrials ?? 0}/${s.trials.length}` : null; }))],
  ];
}

export function renderConsoleSummary(result: ResultFile): string {
  const scenarios = [...new Set(result.targets.flatMap((t) => t.scenarios.map((s) => s.name)))];
  const first = result.targets[0];
  const machine = `${result.machine.cpuModel}, ${result.machine.cores} cores; server on ${first ? `${first.cpus.granted} of ${first.cpus.requested} requested vCPU (cores ${first.cpus.serverCpuset}), load generator on ${first.cpus.loadgenCpuset}` : 'n/a'}; runtime ${result.options.runtimeUsed ?? result.options.runtime}`;
  const lowCoverage = result.targets.some((t) => t.scenarios.some((s) => s.summary.rps.ci95.level < 0.95));
  const sections = scenarios.map((scenario) => `scenario ${scenario}\n${textTable(scenarioRows(result.targets, scenario))}`);
  if (sections.length === 0) sections.push(textTable(scenarioRows(result.targets, '')));
  const failures = result.targets.filter((t) => t.status && t.status !== 'ok').map((t) => `${t.name}: ${t.status}: ${(t.error ?? '').split('\n')[0]}`);
  const coverageNote = lowCoverage ? ['@N%: with fewer than 6 trials the median\'s interval covers only N%, not 95%; use --trials 6 or more'] : [];
  return [...sections, ...coverageNote, machine, ...(result.warnings ?? []).map((w) => `warning: ${w}`), ...failures].join('\n\n') + '\n';
}
