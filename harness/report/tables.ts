// The report's tables as plain-text cells (numbers already in human units), built once and
// formatted by both reporters: the article's table measured, one summary table per scenario, and
// the per-trial rows. Text that came from the result file is left raw; each reporter escapes it.
import type { ResultFile, ScenarioResult, TargetResult, Trial } from '../results/schema.js';
import { formatBytes, formatMs, formatPercent, formatRps, formatUs } from '../metrics/format.js';
import { measuredText, sizeText } from '../metrics/measure.js';
import type { MetricId } from '../metrics/registry.js';
import type { ClaimsFile } from './claims.js';
import { median } from './median.js';
import { findScenario, scenarioNames } from './result-lookup.js';
import { cleanTrialsText, foreignCpuPct, stealPct } from '../metrics/trial-quality.js';

export interface TextTable {
  header: string[];
  rows: string[][];
  /** which columns hold numbers (right-aligned) */
  numeric: boolean[];
}

/** A registry metric's cell: the same string the console, compare and gate show for it. */
const metricCell = (id: MetricId, t: TargetResult, scenario: string | null): string => measuredText(id, t, scenario) ?? 'n/a';

/** The scenario the article's requests/s and P99 rows are read from: the claims', else the first. */
export function articleScenario(result: ResultFile, claims: ClaimsFile): string {
  const names = scenarioNames([result]);
  return names.includes(claims.conditions.scenario) ? claims.conditions.scenario : (names[0] ?? claims.conditions.scenario);
}

/** " ⚠ client-bound 2/6 ⚠ errors in 1/6": what a reader must know before trusting a requests/s cell. */
export function clientBoundNote(s: ScenarioResult | undefined): string {
  if (!s) return '';
  const n = s.trials.filter((t) => t.clientBound).length;
  const e = s.trials.filter((t) => t.errors + t.non2xx + t.timeouts > 0).length;
  return `${n > 0 ? ` ⚠ client-bound ${n}/${s.trials.length}` : ''}${e > 0 ? ` ⚠ errors in ${e}/${s.trials.length}` : ''}`;
}

/** The article's five rows, measured (memory as idle and peak): one column per target. */
export function articleTable(result: ResultFile, scenario: string): TextTable {
  const ts = result.targets;
  const row = (label: string, cell: (t: TargetResult) => string) => [label, ...ts.map(cell)];
  return {
    header: ['', ...ts.map((t) => t.name)],
    numeric: [false, ...ts.map(() => true)],
    rows: [
      row(`Requests/s (${scenario})`, (t) => metricCell('rps', t, scenario) + clientBoundNote(findScenario(t, scenario))),
      row(`Clean trials (${scenario})`, (t) => { const s = findScenario(t, scenario); return s ? cleanTrialsText(s) : 'n/a'; }),
      row('Memory per instance (idle RSS, fresh)', (t) => metricCell('idleRss', t, null)),
      row('RSS after load', (t) => metricCell('afterLoadRss', t, null)),
      row('Peak RSS (highest reading, kernel high-water mark)', (t) => metricCell('peakMemory', t, null)),
      row('Cold start (median of fresh starts)', (t) => metricCell('coldStart', t, null)),
      row('Start-up beyond the launcher floor', (t) => metricCell('serverStart', t, null)),
      row(`P99 latency (${scenario})`, (t) => metricCell('p99', t, scenario)),
      row('Binary/image size', (t) => sizeText(t) ?? 'n/a'),
      // rows an older result file has no data for at all are left out, not shown as n/a
    ].filter((r) => r.slice(1).some((c) => c !== 'n/a')),
  };
}

const med = (trials: Trial[], f: (t: Trial) => number) => median(trials.map(f));
const sum = (trials: Trial[], f: (t: Trial) => number) => trials.reduce((a, t) => a + f(t), 0);

/** Every metric of one scenario, one column per target: medians over trials, with 95% intervals for the compared metrics. */
export function scenarioTable(result: ResultFile, scenario: string): TextTable {
  const ts = result.targets;
  const cell = (t: TargetResult, f: (s: ScenarioResult) => string) => {
    const s = findScenario(t, scenario);
    return s && s.trials.length > 0 ? f(s) : 'n/a';
  };
  const row = (label: string, f: (s: ScenarioResult) => string) => [label, ...ts.map((t) => cell(t, f))];
  const metric = (label: string, id: MetricId) => [label, ...ts.map((t) => cell(t, () => metricCell(id, t, scenario)))];
  // percentiles outside the registry (not compared or gated): the median of the trials
  const pct = (key: 'p90' | 'p9999') => (s: ScenarioResult) =>
    s.trials.every((t) => t.latencyUs[key] != null) ? formatUs(med(s.trials, (t) => t.latencyUs[key] ?? 0)) : 'n/a';
  const rows = [
    metric('Requests/s', 'rps'),
    metric('P50 latency', 'p50'),
    row('P90 latency', pct('p90')),
    metric('P99 latency', 'p99'),
    metric('P99.9 latency', 'p999'),
    row('P99.99 latency', pct('p9999')),
    row('Max latency (worst trial)', (s) => formatUs(Math.max(...s.trials.map((t) => t.latencyUs.max)))),
    row('Errors (all trials)', (s) => String(sum(s.trials, (t) => t.errors))),
    row('Non-2xx (all trials)', (s) => String(sum(s.trials, (t) => t.non2xx))),
    row('Timeouts (all trials)', (s) => String(sum(s.trials, (t) => t.timeouts))),
    row('Trials with errors', (s) => {
      const n = s.trials.filter((t) => t.errors + t.non2xx + t.timeouts > 0).length;
      return `${n}/${s.trials.length}${n > 0 ? ' ⚠' : ''}`;
    }),
    row('Client CPU (of its cores)', (s) => formatPercent(med(s.trials, (t) => t.clientCpuPct))),
    row('Server CPU (of its cores)', (s) => formatPercent(med(s.trials, (t) => t.serverCpuPct))),
    metric('Peak RSS per trial', 'peakRss'),
    row('Clean trials', cleanTrialsText),
    row('Foreign CPU, server cores (median)', (s) => { const v = foreignCpuPct(s, 'serverCores'); return v === null ? 'n/a' : formatPercent(v); }),
    row('Foreign CPU, load generator cores (median)', (s) => { const v = foreignCpuPct(s, 'loadgenCores'); return v === null ? 'n/a' : formatPercent(v); }),
    row('Steal, server · load generator cores (median)', (s) => { const a = stealPct(s, 'serverCores'); const b = stealPct(s, 'loadgenCores'); return a === null && b === null ? 'n/a' : `${a === null ? 'n/a' : formatPercent(a)} · ${b === null ? 'n/a' : formatPercent(b)}`; }),
    row('Client-bound trials', (s) => {
      const n = s.trials.filter((t) => t.clientBound).length;
      return `${n}/${s.trials.length}${n > 0 ? ' ⚠' : ''}`;
    }),
  ].filter((r) => r.slice(1).some((c) => c !== 'n/a'));
  return { header: ['', ...ts.map((t) => t.name)], numeric: [false, ...ts.map(() => true)], rows };
}

/** One row per trial of one scenario, every recorded field. */
export function trialsTable(result: ResultFile, scenario: string): TextTable {
  const header = ['Target', 'Trial', 'Round', 'Req/s', 'P50', 'P90', 'P99', 'P99.9', 'Max', 'Errors', 'Non-2xx', 'Timeouts', 'Client CPU', 'Server CPU', 'Foreign CPU + steal (server / client cores)', 'Peak RSS', 'Client-bound', 'Disturbed'];
  const rows: string[][] = [];
  for (const t of result.targets) {
    const s = findScenario(t, scenario);
    s?.trials.forEach((tr, i) =>
      rows.push([
        t.name, String(i + 1), tr.round === undefined ? '' : String(tr.round), formatRps(tr.rps), formatUs(tr.latencyUs.p50), formatUs(tr.latencyUs.p90), formatUs(tr.latencyUs.p99),
        formatUs(tr.latencyUs.p999), formatUs(tr.latencyUs.max), String(tr.errors), String(tr.non2xx), String(tr.timeouts),
        formatPercent(tr.clientCpuPct), formatPercent(tr.serverCpuPct), foreignPair(tr), formatBytes(tr.peakRssBytes), tr.clientBound ? '⚠ yes' : 'no',
        tr.disturbed ? `❔ left out: ${tr.disturbed}` : '',
      ]),
    );
  }
  // open loop: what the rate did, per trial
  const open = result.targets.some((t) => findScenario(t, scenario)?.trials.some((tr) => tr.open));
  if (open) {
    header.push('Achieved (of offered)', 'Service P99', 'Lag P99', 'In flight at end', 'Unsent');
    let i = 0;
    for (const t of result.targets) {
      for (const tr of findScenario(t, scenario)?.trials ?? []) {
        const o = tr.open;
        rows[i++]!.push(...(o ? [formatPercent(o.achievedRatio * 100), formatUs(o.serviceUs.p99), formatUs(o.lagUs.p99), String(o.inFlightAtEnd), String(o.unsent)] : ['', '', '', '', '']));
      }
    }
  }
  return { header, rows, numeric: header.map((_, i) => (i >= 1 && i <= 15) || i >= 18) };
}

function foreignPair(tr: Trial): string {
  const g = (x: { foreignPct: number; stealPct: number } | null | undefined) => (x ? `${formatPercent(x.foreignPct)} + ${formatPercent(x.stealPct)}` : 'n/a');
  return tr.interference ? `${g(tr.interference.serverCores)} / ${g(tr.interference.loadgenCores)}` : 'n/a';
}

/** One row per target: status, placement, cold start samples, memory, size. */
export function targetsTable(result: ResultFile): TextTable {
  const header = ['Target', 'Language', 'Framework', 'Runtime', 'Status', 'Server cores', 'Cold start samples', 'Idle RSS', 'RSS after load', 'Peak RSS', 'Size'];
  const rows = result.targets.map((t) => [
    t.name, t.language, t.framework, t.runtime,
    t.verification.passed ? (t.status ?? 'ok') : `${t.status ?? 'failed-verification'}: ${t.verification.failures.join('; ')}`,
    `${t.cpus.granted}/${t.cpus.requested} (cpuset ${t.cpus.serverCpuset})`,
    t.coldStartMs.samples.map(formatMs).join(', ') || 'n/a',
    metricCell('idleRss', t, null),
    metricCell('afterLoadRss', t, null),
    metricCell('peakMemory', t, null),
    sizeText(t) ?? 'n/a',
  ]);
  return { header, rows, numeric: header.map(() => false) };
}
