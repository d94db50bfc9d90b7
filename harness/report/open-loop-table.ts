// The report's table for one open-loop scenario: latency at each offered rate, the highest rate
// each target sustained or kept within the P99 target, and P99 at a rate every target sustained.
// Plain-text cells, escaped by each reporter (tables.ts's TextTable).
import { formatPercent, formatRps, formatUs } from '../metrics/format.js';
import type { ResultFile } from '../results/schema.js';
import { commonRate, loadCurves, maxSustainedRps, type LoadCurve, type LoadPoint } from './open-loop-view.js';
import type { TextTable } from './tables.js';

function pointCell(p: LoadPoint | undefined): string {
  if (!p) return 'n/a';
  const cell = `P50 ${formatUs(p.p50Us)} · P99 ${formatUs(p.p99Us)} · P99.9 ${formatUs(p.p999Us)}`;
  if (p.sustained) return cell;
  return `${cell} ⚠ ${p.failures > 0 ? `${p.failures} failed or unsent; ` : ''}achieved ${formatPercent(p.achievedRatio * 100)}`;
}

export function openLoopTable(result: ResultFile, scenario: string): TextTable {
  const curves = loadCurves(result, scenario);
  const rates = [...new Set(curves.flatMap((c) => c.points.map((p) => p.offeredRps)))].sort((a, b) => a - b);
  const row = (label: string, cell: (c: LoadCurve) => string) => [label, ...curves.map(cell)];
  const rows = rates.map((r) => row(`At ${formatRps(r)} req/s offered`, (c) => pointCell(c.points.find((p) => p.offeredRps === r))));
  for (const slo of [...new Set(curves.flatMap((c) => (c.slo ? [c.slo.p99Us] : [])))]) {
    rows.push(row(`Max req/s with P99 ≤ ${formatUs(slo)}`, (c) => (c.slo?.p99Us !== slo ? 'n/a' : c.slo.maxRps === null ? 'none met it' : formatRps(c.slo.maxRps))));
    rows.push(row(`Trials at that rate (P99 ≤ ${formatUs(slo)} search)`, (c) => (c.slo?.p99Us !== slo ? 'n/a' : pointCell(c.slo.at ?? undefined))));
  }
  if (rates.length > 1) rows.push(row('Highest rate sustained (≥ 99% achieved, no errors)', (c) => { const m = maxSustainedRps(c); return m === null ? 'none' : formatRps(m); }));
  const common = commonRate(curves);
  if (common !== null && curves.length > 1) {
    rows.push(row(`P99 at a common rate (${formatRps(common)} req/s)`, (c) => { const p = c.points.find((x) => x.offeredRps === common); return p ? formatUs(p.p99Us) : 'n/a'; }));
  }
  return { header: ['', ...curves.map((c) => c.target)], numeric: [false, ...curves.map(() => true)], rows };
}
