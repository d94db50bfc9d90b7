// The end-of-run table, per scenario: the article's table, measured. Pure: result in, text out.
import type { ResultFile, TargetResult } from '../results/schema.js';
import { renderTextTable } from './text-table.js';
import { formatMs } from '../metrics/format.js';
import { measure, measuredText, sizeText } from '../metrics/measure.js';
import { metricSpec, type MetricId } from '../metrics/registry.js';
import { cleanTrialsText, untrustedScenarios } from '../metrics/trial-quality.js';
import { stopReasonText, verdictLevel } from '../metrics/verdict-level.js';
import { twoMachinesText } from './two-machines-text.js';
import { abandonedSessionsTable, hasAbandonedSessions } from './abandoned-sessions-table.js';

/** First row is the header; the first column is labels (left), the rest numbers (right). */
function textTable(rows: string[][]): string {
  const [header, ...body] = rows as [string[], ...string[][]];
  return renderTextTable(header, body, header.map((_, i) => (i === 0 ? 'left' : 'right')));
}

const dash = '—';

/** The metrics the table shows, in its order; each cell reads as it does in the reports, compare and gate. */
const SHOWN: readonly MetricId[] = ['rps', 'p99', 'idleRss', 'afterLoadRss', 'peakMemory', 'coldStart', 'serverStart'];

function scenarioRows(targets: TargetResult[], scenario: string): string[][] {
  const of = (t: TargetResult) => t.scenarios.find((s) => s.name === scenario);
  // a target the lost engine cut short shows what it measured before; the status where it has nothing
  const cell = (t: TargetResult, render: (t: TargetResult) => string | null) => {
    if (t.status === 'not-measured') return render(t) ?? t.status;
    return t.status && t.status !== 'ok' ? t.status : render(t) ?? dash;
  };
  return [
    ['', ...targets.map((t) => t.name)],
    ...SHOWN.map((id) => [metricSpec(id).label, ...targets.map((t) => cell(t, (x) => measuredText(id, x, scenario)))]),
    // a target that failed after its build still has a size
    [metricSpec('size').label, ...targets.map((t) => sizeText(t) ?? dash)],
    ['clean trials', ...targets.map((t) => cell(t, (x) => { const s = of(x); return s ? cleanTrialsText(s) : null; }))],
    ['client-bound trials', ...targets.map((t) => cell(t, (x) => { const s = of(x); return s ? `${s.summary.clientBoundTrials ?? 0}/${s.trials.length}` : null; }))],
    ['trials with errors', ...targets.map((t) => cell(t, (x) => { const s = of(x); return s ? `${s.summary.erroredTrials ?? 0}/${s.trials.length}` : null; }))],
  ];
}

/** Some cell shows an interval that covers less than 95% (too few trials or fresh starts). */
function lowCoverage(result: ResultFile, scenarios: readonly string[]): boolean {
  return result.targets.some((t) => SHOWN.some((id) => scenarios.some((s) => (measure(id, t, s)?.level ?? 1) < 0.945)));
}

export function renderConsoleSummary(result: ResultFile): string {
  const scenarios = [...new Set(result.targets.flatMap((t) => t.scenarios.map((s) => s.name)))];
  const first = result.targets[0];
  const machine = `${result.machine.cpuModel}, ${result.machine.cores} cores; server on ${first ? `${first.cpus.granted} of ${first.cpus.requested} requested vCPU (cores ${first.cpus.serverCpuset}), load generator on ${first.cpus.loadgenCpuset}` : 'n/a'}; runtime ${result.options.runtimeUsed ?? result.options.runtime}`;
  const sections = scenarios.map((scenario) => `scenario ${scenario}\n${textTable(scenarioRows(result.targets, scenario))}`);
  if (sections.length === 0) sections.push(textTable(scenarioRows(result.targets, '')));
  if (hasAbandonedSessions(result)) {
    const table = abandonedSessionsTable(result);
    sections.push(`abandoned sessions (mcp-leak)\n${renderTextTable(table.header, table.rows, table.numeric.map((n) => (n ? 'right' : 'left')))}`);
  }
  const failures = result.targets.filter((t) => t.status && t.status !== 'ok').map((t) => `${t.name}: ${t.status}: ${(t.error ?? '').split('\n')[0]}`);
  const legend =
    'each cell: median (95% interval) over clean trials, or over fresh starts for idle RSS and cold start; RSS after load and peak RSS are the measured instance\'s; ' +
    'start-up beyond the launcher = cold start minus the launcher floor (a server ready at once) measured in the same run';
  const untrusted = untrustedScenarios(result).length > 0
    ? ['❔ mostly disturbed: fewer than two trials ran without foreign work on their cores, so no interval and no verdict comes from them (rerun when the machine is quieter); steal from the host never disqualifies a trial: it widens the intervals instead']
    : [];
  const coverageNote = lowCoverage(result, scenarios)
    ? ['@N%: with fewer than 6 samples the median\'s interval covers only N%, not 95%; give the run more --budget, or use --cold-starts 6 or more']
    : [];
  const floor = result.launchFloor?.median != null ? [`launcher floor: ${formatMs(result.launchFloor.median)} (median of ${result.launchFloor.samples.length} starts)`] : [];
  const schedule = result.schedule ? [`schedule: ${result.schedule.kind}, seed ${result.schedule.seed}, ${result.schedule.rounds ?? '?'} rounds; others frozen by ${result.schedule.freeze}; a trial is disturbed at ${result.schedule.disturbedPct}% foreign CPU${result.schedule.disturbedBy === 'foreign' ? ' (steal recorded, not counted)' : ''}${stopLine(result)}`] : [];
  const twoMachines = twoMachinesText(result);
  return [...sections, legend, ...untrusted, ...coverageNote, machine, ...(twoMachines ? [twoMachines] : []), ...schedule, ...floor, ...(result.warnings ?? []).map((w) => `warning: ${w}`), ...failures].join('\n\n') + '\n';
}

function stopLine(result: ResultFile): string {
  const s = result.schedule;
  if (!s?.stop) return '';
  const why = stopReasonText(s.stop.reason);
  return `; stopped: ${why}${s.stop.pending.length ? `, undecided: ${s.stop.pending.join(', ')}` : ''}; verdicts at ${(verdictLevel(result) * 100).toPrecision(4)}%`;
}
