// The Markdown report: pure, from result files and claims to GitHub-flavoured Markdown (pipe tables,
// no HTML). One section per run; with several runs, a trend table comes first.
import { formatMeasured } from '../metrics/format.js';
import type { ResultFile } from '../results/schema.js';
import type { ClaimsFile } from './claims.js';
import { checkClaims, claimsApply } from './claims-check.js';
import { absoluteRows, modeSentence, ratioRows, tallySentence, verdictRule } from './claims-text.js';
import { runFacts } from './describe-run.js';
import { mdEscape, mdTable } from './markdown-text.js';
import { articleScenario, articleTable, scenarioTable, targetsTable, trialsTable, type TextTable } from './tables.js';
import { scenarioNames } from './result-lookup.js';
import { openLoopScenarios } from './open-loop-view.js';
import { openLoopTable } from './open-loop-table.js';
import { hasSdkCost, sdkCostTable, SDK_COST_NOTE } from './sdk-cost-table.js';
import { abandonedSessionsTable, ABANDONED_SESSIONS_NOTE, hasAbandonedSessions } from '../output/abandoned-sessions-table.js';
import { chronological, inClaimsOrder } from './target-order.js';
import { trendSeries } from './trend.js';

const table = (t: TextTable): string =>
  mdTable(t.header.map(mdEscape), t.rows.map((r) => r.map(mdEscape)), t.numeric.map((n) => (n ? 'r' : 'l')));

export function renderMarkdown(given: readonly ResultFile[], claims: ClaimsFile): string {
  const results = chronological(given).map((r) => inClaimsOrder(r, claims));
  const out: string[] = ['# langbench report', ''];
  if (results.length === 0) return out.concat('No result files given.', '').join('\n');
  if (results.length > 1) out.push(renderTrend(results), '');
  results.forEach((r, i) => out.push(renderRun(r, i, claims, results.length > 1), ''));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function renderTrend(results: readonly ResultFile[]): string {
  const facts = results.map(runFacts);
  const out = [`## Trend across ${results.length} runs`, ''];
  out.push(...facts.map((f) => `- ${mdEscape(f.label)}: ${mdEscape(f.cpu)}; ${mdEscape(f.placement)}; runtime ${mdEscape(f.runtime)}`), '');
  out.push('Runs compare directly only when their machines match; across machines, read the ratios in each run\'s claims check.', '');
  const series = trendSeries(results);
  for (const scenario of scenarioNames(results)) {
    const rows = series
      .filter((s) => s.scenario === scenario)
      .map((s) => [
        mdEscape(s.target),
        ...s.points.map((p) =>
          p.rps && p.p99Us
            ? `${formatMeasured('rps', p.rps)} · P99 ${formatMeasured('us', p.p99Us)}${p.clientBound ? ' ⚠' : ''}`
            : 'n/a',
        ),
      ]);
    out.push(`### Scenario ${mdEscape(scenario)}: requests/s and P99 per run`, '');
    out.push(mdTable(['Target', ...results.map((_, i) => `Run ${i + 1}`)], rows, ['l', ...results.map(() => 'r' as const)]), '');
  }
  out.push('⚠ marks a run in which at least one trial was client-bound (its requests/s is a floor).');
  return out.join('\n');
}

function renderRun(result: ResultFile, index: number, claims: ClaimsFile, several: boolean): string {
  const f = runFacts(result, index);
  const h = several ? '###' : '##';
  const out: string[] = [];
  if (several) out.push(`## ${mdEscape(f.label)}`, '');
  else out.push(`${mdEscape(result.startedAt.slice(0, 16).replace('T', ' '))} UTC on ${mdEscape(result.machine.hostname)}`, '');

  const scenario = articleScenario(result, claims);
  const article = claimsApply(result, claims);
  // the same five rows for one's own servers, without the article's name or its claims
  out.push(`${h} ${article ? "The article's table, measured" : 'The five figures, measured'}`, '', table(articleTable(result, scenario)), '');
  out.push(`**Machine:** ${mdEscape(f.cpu)} · ${mdEscape(f.placement)} · runtime ${mdEscape(f.runtime)} · ${mdEscape(f.system)} · ${mdEscape(f.langbench)}`, '');
  out.push(`**Options:** ${mdEscape(f.options)}.`, '');
  out.push(`**Schedule:** ${mdEscape(f.schedule)}.`, '');
  out.push(`**Trials:** ${mdEscape(f.quality)}.`, '');
  out.push('Intervals in parentheses are 95% intervals for the median (@N%: fewer samples, so it covers only N%). ⚠ client-bound: the load generator\'s cores were saturated while the server\'s were not, so requests/s is a floor, not the server\'s ceiling. ❔ mostly disturbed: fewer than two trials ran without foreign work on their cores; no verdict is drawn from them. Noise (steal from the host included) never voids a trial: it widens the intervals, and a verdict is given wherever they are decisive.', '');
  for (const w of result.warnings ?? []) out.push(`> ⚠ ${mdEscape(w)}`, '');

  if (article) renderClaims(out, result, claims, h);
  else out.push('No target the article makes claims about ran, so there is no claims check.', '');
  renderRest(out, result, h);
  return out.join('\n');
}

function renderClaims(out: string[], result: ResultFile, claims: ClaimsFile, h: string): void {
  const check = checkClaims(result, claims);
  out.push(`${h} Claims check`, '', mdEscape(modeSentence(check)), '', `**${mdEscape(tallySentence(check))}**`, '');
  const abs = absoluteRows(check);
  const ratio = ratioRows(check);
  const claimTable = (t: { header: string[]; rows: { cells: string[] }[] }) => mdTable(t.header, t.rows.map((r) => r.cells.map(mdEscape)));
  if (check.mode === 'absolute') out.push(claimTable(abs), '', 'Ratios between languages:', '', claimTable(ratio), '');
  else out.push(claimTable(ratio), '', 'The article\'s absolute numbers beside this run\'s (not judged: different vCPUs):', '', claimTable(abs), '');
  out.push(`**How the verdict is decided.** Source: ${mdEscape(claims.source)}.`, '', ...verdictRule(claims.tolerance).map((l) => `- ${mdEscape(l)}`), '');
}

function renderRest(out: string[], result: ResultFile, h: string): void {
  for (const s of openLoopScenarios(result)) {
    out.push(`${h} Latency at a stated load: ${mdEscape(s)} (open loop)`, '');
    out.push('Requests sent on a fixed schedule whether or not earlier ones were answered; latency runs from each request\'s scheduled time, so a stall shows in it (no coordinated omission). Medians over clean trials; ⚠ a rate not sustained (under 99% of it answered, or errors).', '');
    out.push(table(openLoopTable(result, s)), '');
  }
  if (hasSdkCost(result)) out.push(`${h} The MCP tax: the official SDK beside the hand-written /tool`, '', mdEscape(SDK_COST_NOTE), '', table(sdkCostTable(result)), '');
  if (hasAbandonedSessions(result)) out.push(`${h} The MCP tax: abandoned sessions`, '', mdEscape(ABANDONED_SESSIONS_NOTE), '', table(abandonedSessionsTable(result)), '');
  for (const s of scenarioNames([result])) {
    const req = result.targets.flatMap((t) => t.scenarios).find((x) => x.name === s)?.request;
    out.push(`${h} Scenario ${mdEscape(s)}${req ? `: ${mdEscape(`${req.method} ${req.path}`)}` : ''}`, '');
    out.push(table(scenarioTable(result, s)), '');
    out.push(`Every trial (${mdEscape(s)}):`, '', table(trialsTable(result, s)), '');
  }
  out.push(`${h} Targets`, '', table(targetsTable(result)), '');
}
