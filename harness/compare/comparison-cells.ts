// The cells of one comparison row, shared by the text and Markdown renderers (and by gate's).
import { formatDelta, formatP, formatRatio } from '../metrics/format.js';
import { metricSpec } from '../metrics/registry.js';
import type { Align } from '../output/text-table.js';
import type { Comparison, ComparisonRow, SideStats, SideTrust } from './compare-results.js';
import { describeMachine } from './machine-match.js';

// p (raw): the row's own Mann-Whitney p; Holm p: adjusted over the family, what the ~ / delta mark
// decides on; n clean: the samples used per side, "8/10" when disturbed trials were left out
export const ROW_HEADERS = ['target', 'scenario', 'metric', 'baseline', 'current', 'delta', '95% CI', 'p (raw)', 'Holm p', 'n clean'] as const;
export const ROW_ALIGN: Align[] = ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'right', 'right', 'left'];

/** "6+6", or "8/10+6" when 2 of the baseline's 10 trials were disturbed and left out */
export function trustCell(row: ComparisonRow): string {
  const side = (t: SideTrust | null, s: SideStats | null): string => (t ? (t.clean === t.total ? `${t.clean}` : `${t.clean}/${t.total}`) : s ? `${s.n}` : '0');
  if (row.kind === 'single') return '1+1';
  if (row.kind !== 'samples') return '';
  return `${side(row.trust?.baseline ?? null, row.baseline)}+${side(row.trust?.current ?? null, row.current)}`;
}

/** benchstat's convention: the delta when significant, "~" when not */
export function deltaCell(row: ComparisonRow): string {
  if (!row.delta) return 'n/a';
  if (row.kind === 'exact') return row.delta.pct === 0 ? '=' : formatDelta(row.delta.pct);
  if (row.kind === 'single') return `${formatDelta(row.delta.pct)}?`;
  return row.significant ? formatDelta(row.delta.pct) : '~';
}

export function intervalCell(row: ComparisonRow): string {
  const d = row.delta;
  if (!d || row.kind !== 'samples') return '';
  const level = d.level < 0.95 ? ` (${Math.round(d.level * 100)}%)` : '';
  return `[${formatDelta(d.low)}, ${formatDelta(d.high)}]${level}`;
}

/**
 * "61.1K ±1.9%": the median as every other screen shows it (metrics/format.ts), then the half-width
 * of its interval relative to it, which keeps the baseline and current columns narrow.
 */
export function medianCell(format: (x: number) => string, s: SideStats): string {
  const v = format(s.median);
  if (s.n < 2 || s.median === 0) return v;
  const spread = (Math.max(s.high - s.median, s.median - s.low) / Math.abs(s.median)) * 100;
  return `${v} ±${spread < 10 ? spread.toFixed(1) : spread.toFixed(0)}%`;
}

export function rowCells(row: ComparisonRow, mode: Comparison['mode']): string[] {
  const spec = metricSpec(row.metric);
  const format = mode === 'ratio' ? formatRatio : spec.format;
  return [
    row.target,
    row.scenario ?? '—',
    spec.label,
    row.baseline ? medianCell(format, row.baseline) : '—',
    row.current ? medianCell(format, row.current) : '—',
    deltaCell(row),
    intervalCell(row),
    row.test ? formatP(row.test.p) : row.kind === 'exact' ? 'exact' : '',
    row.pAdjusted === null ? '' : formatP(row.pAdjusted),
    trustCell(row),
  ];
}

/** the one or two lines that say whether the machines match and what that means for the numbers */
export function machineLines(c: Pick<Comparison, 'machines' | 'mode' | 'reference'>): string[] {
  if (c.machines.match) return [`machines: same (${describeMachine(c.machines.baseline)})`];
  return [
    `machines: DIFFERENT: baseline ${describeMachine(c.machines.baseline)}; current ${describeMachine(c.machines.current)}`,
    `raw numbers are not comparable across machines: values are each target's ratio to ${c.reference}, measured in the same file, with propagated uncertainty`,
  ];
}

export function statisticsLine(c: Pick<Comparison, 'alpha' | 'testsInFamily'>): string {
  return (
    `statistics: exact two-sided Mann-Whitney U over trials, Holm-Bonferroni over ${c.testsInFamily} test${c.testsInFamily === 1 ? '' : 's'} at alpha ${c.alpha}; ` +
    `~ = not significant after Holm (the Holm p column; p (raw) is each test alone); n clean = samples per side, disturbed trials left out; delta = Hodges-Lehmann ratio with its distribution-free interval; baseline/current = median ± half-width of its 95% interval; ? = one measurement, not tested`
  );
}

export function fileLine(c: Pick<Comparison, 'baseline' | 'current'>): string {
  const f = (x: Comparison['baseline']): string => `${x.label} (${x.startedAt}${x.gitCommit ? `, ${x.gitCommit.slice(0, 12)}` : ''})`;
  return `baseline ${f(c.baseline)} vs current ${f(c.current)}`;
}

/** lines about what could not be compared and per-row notes */
export function noteLines(c: Comparison): string[] {
  const lines: string[] = [];
  if (c.baseline.runtime !== c.current.runtime) {
    lines.push(`runtimes differ (baseline ${c.baseline.runtime}, current ${c.current.runtime}): memory, cold start and size are measured differently on each, so their deltas compare runtimes, not code; langbench gate refuses such a pair`);
  }
  if (c.onlyInBaseline.length) lines.push(`only in baseline (not compared): ${c.onlyInBaseline.join(', ')}`);
  if (c.onlyInCurrent.length) lines.push(`only in current (not compared): ${c.onlyInCurrent.join(', ')}`);
  if (c.revisionsDiffer.length) {
    lines.push(`another MCP protocol revision in each file (not compared): ${c.revisionsDiffer.map((d) => `${d.scenario} (${d.baseline} in baseline, ${d.current} in current)`).join(', ')}`);
  }
  for (const f of c.failedInCurrent) lines.push(`${f.name} failed in current (${f.status})${f.error ? `: ${f.error}` : ''}`);
  for (const r of c.rows) {
    if (r.kind === 'single' || r.notes.length === 0) continue;
    lines.push(`${r.target}${r.scenario ? `/${r.scenario}` : ''} ${metricSpec(r.metric).label}: ${r.notes.join('; ')}`);
  }
  const methods = new Set(c.rows.flatMap((r) => (r.test ? [r.test.method] : [])));
  if (methods.has('normal')) lines.push('some tests used the normal approximation (more than 50 samples in all); the rest are exact');
  return lines;
}
