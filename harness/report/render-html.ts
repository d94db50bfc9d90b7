// The HTML report: pure, from result files and claims to one self-contained page (inline CSS and
// SVG, no scripts, no network). One section per run; with several runs, trend charts come first.
import { formatRps, formatUs } from '../metrics/format.js';
import { disturbedTrialCount, untrustedScenarios } from '../metrics/trial-quality.js';
import type { ResultFile } from '../results/schema.js';
import type { ClaimsFile } from './claims.js';
import { checkClaims, claimsApply, type ClaimsCheck } from './claims-check.js';
import { modeSentence, tallySentence, verdictRule } from './claims-text.js';
import { absoluteMatrix, ratioMatrix } from './html-claims.js';
import { runFacts } from './describe-run.js';
import { esc } from './html-escape.js';
import { colorFor } from './target-colors.js';
import { REPORT_CSS } from './html-style.js';
import { coldStartChart } from './svg/cold-start-chart.js';
import { latencyChart } from './svg/latency-chart.js';
import { loadLatencyChart } from './svg/load-latency-chart.js';
import { openLoopScenarios } from './open-loop-view.js';
import { openLoopTable } from './open-loop-table.js';
import { hasSdkCost, sdkCostTable, SDK_COST_NOTE } from './sdk-cost-table.js';
import { abandonedSessionsTable, ABANDONED_SESSIONS_NOTE, hasAbandonedSessions } from '../output/abandoned-sessions-table.js';
import { memoryChart } from './svg/memory-chart.js';
import { rpsChart } from './svg/rps-chart.js';
import { sizeChart } from './svg/size-chart.js';
import { trendChart } from './svg/trend-chart.js';
import { articleScenario, articleTable, scenarioTable, targetsTable, trialsTable, type TextTable } from './tables.js';
import { scenarioNames, targetNames } from './result-lookup.js';
import { chronological, inClaimsOrder } from './target-order.js';
import { trendSeries } from './trend.js';

function htmlTable(t: TextTable, attrs = ''): string {
  const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td${t.numeric[i] ? ' class="num"' : ''}>${esc(c)}</td>`)).join('')}</tr>`).join('');
  return `<div class="scroll"><table${attrs}><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function tally(check: ClaimsCheck): string {
  return `<p class="tally" data-tally="">${tallyPills(check)} <span class="muted">${esc(tallySentence(check))}</span></p>`;
}

function tallyPills(check: ClaimsCheck): string {
  const t = check.tally;
  const pills = [
    ['agrees', `${t.agrees} agree`], ['disagrees', `${t.disagrees} disagree`], ['inconclusive', `${t.inconclusive} inconclusive`],
    ...(t['no-data'] ? [['none', `${t['no-data']} without data`]] : []),
  ].map(([cls, text]) => `<span class="pill ${cls}">${esc(text!)}</span>`).join(' ');
  return pills;
}

function facts(result: ResultFile, index: number): string {
  const f = runFacts(result, index);
  const rows: [string, string][] = [
    ['CPU', f.cpu], ['System', f.system], ['Placement', f.placement], ['Runtime', f.runtime],
    ['Options', f.options], ['Schedule', f.schedule], ['Trials', f.quality], ['Run', f.when], ['Harness', f.langbench],
  ];
  return `<dl class="facts" data-facts="">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function clientBoundBanner(result: ResultFile): string {
  const trials = result.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials));
  const cb = result.targets.flatMap((t) => t.scenarios.filter((s) => s.trials.some((x) => x.clientBound)).map((s) => `${t.name} · ${s.name} (${s.trials.filter((x) => x.clientBound).length}/${s.trials.length})`));
  if (cb.length === 0) return '';
  const n = trials.filter((t) => t.clientBound).length;
  return `<p class="banner" data-client-bound="${n}">⚠ <b>${n} of ${trials.length} trials were client-bound</b>: the load generator's cores were saturated while the server's were not, so their requests/s is a floor, not the server's ceiling — ${esc(cb.join(', '))}.</p>`;
}

function trustBanner(result: ResultFile): string {
  const untrusted = untrustedScenarios(result);
  const { disturbed } = disturbedTrialCount(result);
  if (untrusted.length === 0 && disturbed === 0) return '';
  const which = untrusted.map(({ target, scenario }) => `${target.name} · ${scenario.name} (mostly disturbed)`).join(', ');
  return (
    `<p class="banner" data-untrusted="${untrusted.length}" data-disturbed="${disturbed}">❔ ` +
    (disturbed > 0 ? `<b>${disturbed} trial${disturbed === 1 ? ' was' : 's were'} disturbed</b> (other work on their cores) and left out. ` : '') +
    (untrusted.length > 0 ? `<b>${untrusted.length} scenario${untrusted.length === 1 ? '' : 's'} back no verdict</b> (fewer than two clean trials): ${esc(which)}.` : '') +
    `</p>`
  );
}

function renderRun(result: ResultFile, index: number, claims: ClaimsFile, color: (t: string) => string, several: boolean): string {
  const f = runFacts(result, index);
  const uid = `run${index}`;
  const scenario = articleScenario(result, claims);
  const check = checkClaims(result, claims);
  // one's own servers: the same five rows, without the article's name or its claims
  const article = claimsApply(result, claims);
  const charts = [
    rpsChart(result, color, uid),
    ...openLoopScenarios(result).map((s) => loadLatencyChart(result, s, color)),
    ...scenarioNames([result]).map((s) => latencyChart(result, s, color)),
    memoryChart(result, scenario, color),
    coldStartChart(result, color),
    sizeChart(result, color),
  ];
  const warnings = (result.warnings ?? []).map((w) => `<p class="banner">⚠ ${esc(w)}</p>`).join('');
  const abs = absoluteMatrix(check);
  const ratio = ratioMatrix(check);
  const openLoop = openLoopScenarios(result)
    .map((s) => `<h4>Latency at a stated load: ${esc(s)} (open loop)</h4>${htmlTable(openLoopTable(result, s), ` data-open-loop="${esc(s)}"`)}`)
    .join('');
  const perScenario = scenarioNames([result])
    .map((s) => `<h4>Scenario ${esc(s)}</h4>${htmlTable(scenarioTable(result, s), ` data-scenario="${esc(s)}"`)}<details><summary>Every trial (${esc(s)})</summary>${htmlTable(trialsTable(result, s))}</details>`)
    .join('');
  return `<section class="run" data-run="${index}">
<h2>${esc(several ? f.label : `${result.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${result.machine.hostname}`)}</h2>
${facts(result, index)}${warnings}${clientBoundBanner(result)}${trustBanner(result)}
<h3 style="margin-top:16px">${article ? "The article's table, measured" : 'The five figures, measured'}</h3>
${htmlTable(articleTable(result, scenario), ' data-table="article"')}
${article ? `<p class="jump">Against the article's claims (${check.mode === 'absolute' ? 'absolute numbers' : 'ratios between languages'}): ${tallyPills(check)} <a href="#claims-${index}">details below</a></p>` : ''}
<div class="grid">${charts.join('\n')}</div>
${
  article
    ? `<h3 id="claims-${index}">Claims check: the article beside this run</h3>
<p>${esc(modeSentence(check))}</p>
${tally(check)}
${check.mode === 'absolute' ? `${abs}<p>Ratios between languages:</p>${ratio}` : `${ratio}<p>The article's absolute numbers beside this run's (not judged: different vCPUs):</p>${abs}`}
<div class="rule-box"><h4>How the verdict is decided</h4><p>Source: ${esc(claims.source)}.</p><ul class="rule">${verdictRule(claims.tolerance, 'plain').map((l) => `<li>${esc(l)}</li>`).join('')}</ul></div>`
    : '<p>No target the article makes claims about ran, so there is no claims check.</p>'
}
${openLoop ? `<h3>Latency at a stated load</h3><p>Requests sent on a fixed schedule whether or not earlier ones were answered; latency runs from each request's scheduled time (no coordinated omission). Medians over clean trials; ⚠ a rate not sustained.</p>${openLoop}` : ''}
${hasSdkCost(result) ? `<h3>The MCP tax: the official SDK beside the hand-written /tool</h3><p>${esc(SDK_COST_NOTE)}</p>${htmlTable(sdkCostTable(result), ' data-table="sdk-cost"')}` : ''}
${hasAbandonedSessions(result) ? `<h3>The MCP tax: abandoned sessions</h3><p>${esc(ABANDONED_SESSIONS_NOTE)}</p>${htmlTable(abandonedSessionsTable(result), ' data-table="abandoned-sessions"')}` : ''}
<h3>Every metric, per scenario</h3>
${perScenario}
<h3>Targets</h3>
${htmlTable(targetsTable(result))}
</section>`;
}

function renderTrend(results: readonly ResultFile[], color: (t: string) => string): string {
  const series = trendSeries(results);
  const labels = results.map((r, i) => `${i + 1}: ${r.startedAt.slice(5, 10)} ${r.machine.hostname}`.slice(0, 26));
  const charts = scenarioNames(results).flatMap((s) => [
    trendChart('rps', s, series, labels, color, formatRps),
    trendChart('p99Us', s, series, labels, color, formatUs),
  ]);
  const list = results.map((r, i) => `<li>${esc(runFacts(r, i).label)} — ${esc(runFacts(r, i).cpu)}; ${esc(runFacts(r, i).placement)}</li>`).join('');
  return `<section class="trend" data-trend=""><h2>Trend across ${results.length} runs</h2><ul>${list}</ul><p class="note">Runs compare directly only when their machines match; across machines, read the ratios in each run's claims check.</p><div class="grid">${charts.join('\n')}</div></section>`;
}

export function renderHtml(given: readonly ResultFile[], claims: ClaimsFile): string {
  const results = chronological(given).map((r) => inClaimsOrder(r, claims));
  const color = colorFor(targetNames(results));
  const title = results.length === 1 ? `langbench report · ${results[0]!.machine.hostname} · ${results[0]!.startedAt.slice(0, 10)}` : `langbench report · ${results.length} runs`;
  const names = targetNames(results);
  const body = results.length === 0
    ? '<p>No result files given.</p>'
    : `${results.length > 1 ? renderTrend(results, color) : ''}${results.map((r, i) => renderRun(r, i, claims, color, results.length > 1)).join('\n')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="page"><h1>langbench report</h1><p>${esc(`${results.length} run${results.length === 1 ? '' : 's'} · ${names.join(', ')}`)} · requests/s, latency, memory, cold start and size, set against the article's claims</p></header>
${body}
</main>
</body>
</html>
`;
}
