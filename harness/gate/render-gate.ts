// Renders a GateOutcome: the compare table with a check column, failed checks marked. Pure.
import { fileLine, machineLines, noteLines, rowCells, ROW_ALIGN, ROW_HEADERS, statisticsLine } from '../compare/comparison-cells.js';
import { formatP } from '../metrics/format.js';
import { metricSpec } from '../metrics/registry.js';
import type { OutputFormat } from '../compare/render-comparison.js';
import { renderFoldedMarkdownTable, renderTextTable, type Align } from '../output/text-table.js';
import type { GateCheck, GateOutcome } from './gate-results.js';

const HEADERS = [...ROW_HEADERS, 'Holm p', 'floor', 'check'];
const ALIGN: Align[] = [...ROW_ALIGN, 'right', 'right', 'left'];

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function verdictWord(o: GateOutcome): string {
  if (!o.passed) return `FAIL: ${plural(o.failures.length, 'regression')}`;
  return o.inconclusive.length ? `INCONCLUSIVE: no regression found, but ${plural(o.inconclusive.length, 'check')} rest on disturbed or unstable trials` : 'PASS: no regression';
}

function tableRows(o: GateOutcome, mark: (k: GateCheck) => string): string[][] {
  const c = o.comparison;
  const rows = c.rows.map((r, i) => {
    const k = o.checks[i]!;
    return [...rowCells(r, c.mode), r.pAdjusted === null ? '' : formatP(r.pAdjusted), k.floorPct === null ? '' : `${k.floorPct}%`, mark(k)];
  });
  for (const k of o.checks.slice(c.rows.length)) rows.push([k.target, '—', '(target)', '', '', '', '', '', '', '', '', mark(k)]);
  return rows;
}

function checkLines(checks: readonly GateCheck[]): string[] {
  return checks.map((k) => `${k.target}${k.scenario ? `/${k.scenario}` : ''}${k.metric ? ` ${metricSpec(k.metric).label}` : ''}: ${k.reason}`);
}

export function renderGateTable(o: GateOutcome): string {
  const c = o.comparison;
  const rows = tableRows(o, (k) => (k.verdict === 'pass' ? 'ok' : k.verdict === 'inconclusive' ? '? INCONCLUSIVE' : k.metric === null ? '✗ FAILED TO RUN' : '✗ REGRESSED'));
  return [
    `langbench gate: ${verdictWord(o)}`,
    fileLine(c),
    ...machineLines(c),
    statisticsLine(c),
    '',
    renderTextTable(HEADERS, rows, ALIGN),
    ...noteLines(c).map((l) => `note: ${l}`),
    ...checkLines(o.failures).map((l) => `REGRESSION ${l}`),
    ...checkLines(o.inconclusive).map((l) => `INCONCLUSIVE ${l}`),
  ].join('\n') + '\n';
}

export function renderGateMarkdown(o: GateOutcome): string {
  const c = o.comparison;
  const rows = tableRows(o, (k) => (k.verdict === 'pass' ? '✅' : k.verdict === 'inconclusive' ? '❔ inconclusive' : k.metric === null ? '❌ **failed to run**' : '❌ **regressed**'));
  const machine = c.machines.match ? `✅ ${machineLines(c)[0]}` : `⚠️ **Different machines**, gated on ratios. ${machineLines(c).join(' ')}`;
  const notes = noteLines(c);
  return [
    `### langbench gate: ${!o.passed ? `❌ ${plural(o.failures.length, 'regression')}` : o.inconclusive.length ? `❔ inconclusive: ${plural(o.inconclusive.length, 'check')} on disturbed or unstable trials` : '✅ no regression'}`,
    '',
    ...(o.failures.length ? [...checkLines(o.failures).map((l) => `- ❌ ${l}`), ''] : []),
    ...(o.inconclusive.length ? [...checkLines(o.inconclusive).map((l) => `- ❔ ${l}`), ''] : []),
    fileLine(c).replace(/^baseline (\S+)/, 'baseline `$1`').replace(/ vs current (\S+)/, ' vs current `$1`'),
    '',
    machine,
    '',
    renderFoldedMarkdownTable(HEADERS, rows, ALIGN, o.checks.map((k, i) => k.verdict !== 'pass' || c.rows[i]?.significant === true), {
      kept: 'Failed checks and significant changes',
      none: 'No significant change.',
    }),
    '',
    ...(notes.length ? [...notes.map((n) => `- ${n}`), ''] : []),
    `<sub>A regression is significant after Holm-Bonferroni, in the bad direction and beyond its floor. ${statisticsLine(c).replace(/^statistics: /, '')}</sub>`,
    '',
  ].join('\n');
}

export function renderGateJson(o: GateOutcome, toolVersion: string): string {
  return JSON.stringify({ schemaVersion: 1, tool: { name: 'langbench', version: toolVersion }, kind: 'gate', ...o }, null, 2) + '\n';
}

export function renderGate(o: GateOutcome, format: OutputFormat, toolVersion: string): string {
  if (format === 'json') return renderGateJson(o, toolVersion);
  return format === 'markdown' ? renderGateMarkdown(o) : renderGateTable(o);
}
