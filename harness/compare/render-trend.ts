// Renders a Trend (three or more files, oldest first) as text, Markdown or JSON. Pure.
import type { Trend, TrendCell } from './compare-trend.js';
import { formatDelta, formatRatio } from '../metrics/format.js';
import { metricSpec } from '../metrics/registry.js';
import type { OutputFormat } from './render-comparison.js';
import { renderMarkdownTable, renderTextTable, type Align } from '../output/text-table.js';

function cell(c: TrendCell, format: (x: number) => string, first: boolean): string {
  if (c.median === null) return '—';
  const v = format(c.median);
  if (first || c.deltaPct === null) return v;
  if (c.significant === null) return `${v} (${formatDelta(c.deltaPct)}?)`;
  return c.significant ? `${v} (${formatDelta(c.deltaPct)})` : `${v} (~)`;
}

function fileHeader(f: Trend['files'][number]): string {
  const base = f.label.split('/').pop() ?? f.label;
  return `${base} ${f.startedAt.slice(0, 10)}`;
}

function layout(t: Trend): { headers: string[]; rows: string[][]; align: Align[] } {
  const headers = ['target', 'scenario', 'metric', ...t.files.map(fileHeader)];
  const rows = t.rows.map((r) => {
    const spec = metricSpec(r.metric);
    const format = t.mode === 'ratio' ? formatRatio : spec.format;
    return [r.target, r.scenario ?? '—', spec.label, ...r.cells.map((c, i) => cell(c, format, i === 0))];
  });
  return { headers, rows, align: ['left', 'left', 'left', ...t.files.map((): Align => 'right')] };
}

function legend(t: Trend): string {
  const ratio = t.mode === 'ratio' ? `values are ratios to ${t.reference} (the files come from different machines); ` : '';
  return `${ratio}oldest first; (±x%) = significant change from the previous file (exact Mann-Whitney, Holm per step, alpha ${t.alpha}), (~) = not significant`;
}

export function renderTrend(t: Trend, format: OutputFormat, toolVersion: string): string {
  if (format === 'json') return JSON.stringify({ schemaVersion: 1, tool: { name: 'langbench', version: toolVersion }, kind: 'trend', ...t }, null, 2) + '\n';
  const { headers, rows, align } = layout(t);
  if (format === 'markdown') return ['### langbench trend', '', renderMarkdownTable(headers, rows, align), '', `<sub>${legend(t)}</sub>`, ''].join('\n');
  return [`langbench trend over ${t.files.length} files`, legend(t), '', renderTextTable(headers, rows, align)].join('\n') + '\n';
}
