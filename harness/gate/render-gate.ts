// Renders a GateOutcome: the compare table with a check column, failed checks marked. Pure.
import { fileLine, machineLines, noteLines, rowCells, ROW_ALIGN, ROW_HEADERS, statisticsLine } from '../compare/comparison-cells.js';
import { metricSpec } from '../metrics/registry.js';
import type { OutputFormat } from '../compare/render-comparison.js';
import { renderFoldedMarkdownTable, renderTextTable, type Align } from '../output/text-table.js';
import type { GateCheck, GateOutcome } from './gate-results.js';
import { powerLine } from './power-at-size.js';
import { EXIT_INCONCLUSIVE } from '../errors.js';
import { looksOf } from '../stats/sequential.js';

/** What to do about checks the run was too small to decide; CI passes exit 4 with this as a warning. */
export const UNDECIDED_FIX = 'to decide them, rerun both sides with more trials or rounds (--trials, or a larger --budget), or measure both revisions in one run with --ab';

const HEADERS = [...ROW_HEADERS, 'floor', 'check'];
const ALIGN: Align[] = [...ROW_ALIGN, 'right', 'left'];

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function verdictWord(o: GateOutcome): string {
  if (!o.passed) return `FAIL: ${plural(o.failures.length, 'regression')}`;
  return o.inconclusive.length ? `INCONCLUSIVE: no regression found, but ${plural(o.inconclusive.length, 'check')} could not be decided at this run's size` : 'PASS: no regression';
}

/** How the intervals were read: the simultaneous level, where its alpha came from, two-sample or paired. */
export function decisionLine(o: GateOutcome): string {
  const c = o.comparison;
  const from = o.sequential
    ? `alpha ${o.familyAlpha.toPrecision(2)}, the error budget of the look after round ${o.sequential.rounds} of this run's sequential plan${o.sequential.stop === 'budget' || o.sequential.stop === 'last-look' ? ' (its last: all that earlier looks left)' : ''} (alpha ${o.sequential.plan.alpha} over looks after rounds ${looksOf(o.sequential.plan).join(', ')})`
    : `alpha ${o.familyAlpha}`;
  const how = o.paired ? 'per-round ratios of the same run (t on their logs; two-sample where fewer than 3 rounds pair)' : 'Hodges-Lehmann/Moses intervals';
  return (
    `decision: ${how} at the simultaneous level ${(o.level * 100).toPrecision(4)}% (Bonferroni over ${c.testsInFamily} test${c.testsInFamily === 1 ? '' : 's'} at ${from}); ` +
    `fail = the whole interval beyond the floor, pass = none of it, inconclusive = it straddles the floor`
  );
}

/** "undecided: axum/json P99 ([-2.1%, +9.4%] straddles the 5% floor; ...)" for a CI warning */
export function undecidedSummary(o: GateOutcome): string {
  return checkLines(o.inconclusive).join('; ');
}

function tableRows(o: GateOutcome, mark: (k: GateCheck) => string): string[][] {
  const c = o.comparison;
  const rows = c.rows.map((r, i) => {
    const k = o.checks[i]!;
    return [...rowCells(r, c.mode), k.floorPct === null ? '' : `${k.floorPct}%`, mark(k)];
  });
  for (const k of o.checks.slice(c.rows.length)) rows.push([k.target, '—', '(target)', ...ROW_HEADERS.slice(3).map(() => ''), '', mark(k)]);
  return rows;
}

function checkLines(checks: readonly GateCheck[]): string[] {
  return checks.map((k) => `${k.target}${k.scenario ? `/${k.scenario}` : ''}${k.metric ? ` ${metricSpec(k.metric).label}` : ''}: ${k.reason}`);
}

export function renderGateTable(o: GateOutcome): string {
  const c = o.comparison;
  const rows = tableRows(o, (k) => (k.verdict === 'pass' ? (k.improved ? 'ok, improved' : 'ok') : k.verdict === 'inconclusive' ? '? INCONCLUSIVE' : k.metric === null ? '✗ FAILED TO RUN' : '✗ REGRESSED'));
  return [
    `langbench gate: ${verdictWord(o)}`,
    fileLine(c),
    ...machineLines(c),
    statisticsLine(c),
    decisionLine(o),
    ...(o.power ? [`power: ${powerLine(o.power)}`] : []),
    '',
    renderTextTable(HEADERS, rows, ALIGN),
    ...noteLines(c).map((l) => `note: ${l}`),
    ...checkLines(o.failures).map((l) => `REGRESSION ${l}`),
    ...checkLines(o.inconclusive).map((l) => `INCONCLUSIVE ${l}`),
    ...checkLines(o.improved).map((l) => `IMPROVED ${l}`),
    ...(o.exitCode === EXIT_INCONCLUSIVE ? [`exit 4: no regression found, but ${plural(o.inconclusive.length, 'check')} could not be decided at this run's size; ${UNDECIDED_FIX}`] : []),
  ].join('\n') + '\n';
}

export function renderGateMarkdown(o: GateOutcome): string {
  const c = o.comparison;
  const rows = tableRows(o, (k) => (k.verdict === 'pass' ? (k.improved ? '✅ improved' : '✅') : k.verdict === 'inconclusive' ? '❔ inconclusive' : k.metric === null ? '❌ **failed to run**' : '❌ **regressed**'));
  const machine = c.machines.match ? `✅ ${machineLines(c)[0]}` : `⚠️ **Different machines**, gated on ratios. ${machineLines(c).join(' ')}`;
  const notes = noteLines(c);
  return [
    `### langbench gate: ${!o.passed ? `❌ ${plural(o.failures.length, 'regression')}` : o.inconclusive.length ? `❔ inconclusive: ${plural(o.inconclusive.length, 'check')} not decided at this run's size` : '✅ no regression'}`,
    '',
    ...(o.failures.length ? [...checkLines(o.failures).map((l) => `- ❌ ${l}`), ''] : []),
    ...(o.inconclusive.length ? [...checkLines(o.inconclusive).map((l) => `- ❔ ${l}`), '', `_${UNDECIDED_FIX}_`, ''] : []),
    ...(o.improved.length ? ['**Improved**', '', ...checkLines(o.improved).map((l) => `- ✅ ${l}`), ''] : []),
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
    ...(o.power ? [`Power: ${powerLine(o.power)}.`, ''] : []),
    `<sub>${decisionLine(o).replace(/^decision: /, 'Decided on ')}. ${statisticsLine(c).replace(/^statistics: /, '')}</sub>`,
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
