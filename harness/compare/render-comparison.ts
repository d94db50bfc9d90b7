// Renders a Comparison as plain text, Markdown (GitHub job summary / PR comment) or JSON. Pure.
import type { Comparison } from './compare-results.js';
import { fileLine, machineLines, noteLines, rowCells, ROW_ALIGN, ROW_HEADERS, statisticsLine } from './comparison-cells.js';
import { renderFoldedMarkdownTable, renderTextTable } from '../output/text-table.js';

export type OutputFormat = 'table' | 'markdown' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'markdown', 'json'];

export function renderComparisonTable(c: Comparison): string {
  const rows = c.rows.map((r) => rowCells(r, c.mode));
  return [
    `langbench compare: ${fileLine(c)}`,
    ...machineLines(c),
    statisticsLine(c),
    '',
    rows.length ? renderTextTable(ROW_HEADERS, rows, ROW_ALIGN) : '(no targets in common)',
    ...noteLines(c).map((l) => `note: ${l}`),
  ].join('\n') + '\n';
}

export function renderComparisonMarkdown(c: Comparison, title = 'langbench compare'): string {
  const machine = c.machines.match
    ? `✅ ${machineLines(c)[0]}`
    : `⚠️ **Different machines.** ${machineLines(c).slice(1).join(' ')}  \n${machineLines(c)[0]!.replace('machines: DIFFERENT: ', '')}`;
  const rows = c.rows.map((r) => rowCells(r, c.mode));
  const notes = noteLines(c);
  return [
    `### ${title}`,
    '',
    fileLine(c).replace(/^baseline (\S+)/, 'baseline `$1`').replace(/ vs current (\S+)/, ' vs current `$1`'),
    '',
    machine,
    '',
    rows.length
      ? renderFoldedMarkdownTable(ROW_HEADERS, rows, ROW_ALIGN, c.rows.map((r) => r.significant === true), { kept: 'Significant changes', none: 'No significant change.' })
      : '_No targets in common._',
    '',
    ...(notes.length ? [...notes.map((n) => `- ${n}`), ''] : []),
    `<sub>${statisticsLine(c).replace(/^statistics: /, '')}</sub>`,
    '',
  ].join('\n');
}

export function renderComparisonJson(c: Comparison, toolVersion: string): string {
  return JSON.stringify({ schemaVersion: 1, tool: { name: 'langbench', version: toolVersion }, kind: 'compare', ...c }, null, 2) + '\n';
}

export function renderComparison(c: Comparison, format: OutputFormat, toolVersion: string): string {
  if (format === 'json') return renderComparisonJson(c, toolVersion);
  return format === 'markdown' ? renderComparisonMarkdown(c) : renderComparisonTable(c);
}
