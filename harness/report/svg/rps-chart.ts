// Requests/s per target, grouped by scenario: a bar at the median, a whisker for the 95% interval,
// a dot per trial; client-bound bars are hatched and labelled, since their height is a floor.
import type { ResultFile } from '../../results/schema.js';
import { esc } from '../html-escape.js';
import { formatRps } from '../../metrics/format.js';
import { findScenario, scenarioNames } from '../result-lookup.js';
import { f1, figure, H, hatchPattern, M, plotFrame, svgRoot, W, yAxis, type LegendItem } from './frame.js';
import { linearScale, linearTicks } from './scale.js';

export function rpsChart(result: ResultFile, color: (t: string) => string, uid: string): string {
  const scenarios = scenarioNames([result]);
  const targets = result.targets.filter((t) => t.scenarios.some((s) => s.trials.length > 0));
  const max = Math.max(1, ...targets.flatMap((t) => t.scenarios.flatMap((s) => [s.summary.rps.ci95.high, ...s.trials.map((tr) => tr.rps)])));
  const ticks = linearTicks(max);
  const y = linearScale([0, ticks[ticks.length - 1]!], [H - M.bottom, M.top]);
  const plotW = W - M.left - M.right;
  const groupW = plotW / Math.max(1, scenarios.length);
  const barW = Math.min(64, (groupW * 0.8) / Math.max(1, targets.length));
  const hatch = `${uid}-hatch`;
  let body = hatchPattern(hatch) + yAxis(ticks, y, formatRps, 'requests per second');
  const notes: string[] = [];
  const errors: string[] = [];
  scenarios.forEach((name, g) => {
    const gx = M.left + g * groupW + (groupW - barW * targets.length) / 2;
    const req = targets.map((t) => findScenario(t, name)?.request).find(Boolean);
    // the request on a line of its own: five scenarios' "name · METHOD /path" overran each other on one line
    const cx = f1(M.left + (g + 0.5) * groupW);
    body += `<text class="group-label" x="${cx}" y="${H - M.bottom + 20}" text-anchor="middle">${esc(name)}${req ? `<tspan x="${cx}" dy="14">${esc(req.method)} ${esc(req.path)}</tspan>` : ''}</text>`;
    targets.forEach((t, i) => {
      const s = findScenario(t, name);
      if (!s || s.trials.length === 0) return;
      const x = gx + i * barW;
      const r = s.summary.rps;
      const cb = s.trials.filter((tr) => tr.clientBound).length;
      const top = Math.min(y(r.median), H - M.bottom - 1.5); // a zero still shows as a sliver
      const cx = x + barW / 2;
      body += `<g data-bar="${esc(t.name)}:${esc(name)}" data-series="${esc(t.name)}"${cb ? ' data-client-bound="true"' : ''}>`;
      body += `<title>${esc(t.name)} · ${esc(name)}: ${formatRps(r.median)} req/s (95% interval ${formatRps(r.ci95.low)}–${formatRps(r.ci95.high)})${cb ? `, ${cb}/${s.trials.length} trials client-bound` : ''}</title>`;
      body += `<rect class="bar" x="${f1(x + 3)}" y="${f1(top)}" width="${f1(barW - 6)}" height="${f1(H - M.bottom - top)}" fill="${color(t.name)}"/>`;
      if (cb) body += `<rect x="${f1(x + 3)}" y="${f1(top)}" width="${f1(barW - 6)}" height="${f1(H - M.bottom - top)}" fill="url(#${esc(hatch)})"/>`;
      const n = s.trials.length;
      body += s.trials.map((tr, k) => `<circle class="trial${tr.clientBound ? ' cb' : ''}${tr.errors + tr.non2xx + tr.timeouts > 0 ? ' err' : ''}" data-trial="" cx="${f1(x + 3 + ((barW - 6) * (k + 1)) / (n + 1))}" cy="${f1(y(tr.rps))}" r="2.6"><title>trial ${k + 1}: ${formatRps(tr.rps)} req/s${tr.clientBound ? ', client-bound' : ''}${tr.errors + tr.non2xx + tr.timeouts > 0 ? `, ${tr.errors} errors, ${tr.non2xx} non-2xx, ${tr.timeouts} timeouts` : ''}</title></circle>`).join('');
      const errored = s.trials.filter((tr) => tr.errors + tr.non2xx + tr.timeouts > 0).length;
      if (errored) errors.push(`${esc(t.name)} · ${esc(name)}: ${errored}/${s.trials.length} trials`);
      const lo = y(r.ci95.low);
      const hi = y(r.ci95.high);
      body += `<path class="whisker" d="M${f1(cx)} ${f1(lo)}V${f1(hi)}M${f1(cx - 7)} ${f1(lo)}h14M${f1(cx - 7)} ${f1(hi)}h14"/>`;
      body += `<text class="value" x="${f1(cx)}" y="${f1(Math.min(top, hi, ...s.trials.map((tr) => y(tr.rps))) - 7)}" text-anchor="middle">${formatRps(r.median)}${cb ? ' ⚠' : ''}</text>`;
      if (cb) notes.push(`${esc(t.name)} · ${esc(name)}: ${cb}/${s.trials.length} trials`);
    });
  });
  body += plotFrame();
  const legend: LegendItem[] = targets.map((t) => ({ label: t.name, color: color(t.name) }));
  if (notes.length) legend.push({ label: 'client-bound (a floor)', color: '#868e96', style: 'hatched' });
  return figure({
    chart: 'rps',
    title: 'Requests per second',
    caption: 'Median of the trials (bar), its 95% interval (whisker) and each trial (dots, left to right). Higher is better.',
    svg: svgRoot('requests per second per target', body),
    legend,
    note:
      (notes.length
        ? `⚠ Client-bound — the load generator was saturated, so these bars are floors, not the server's ceiling: ${notes.join('; ')}.`
        : 'No trial was client-bound: the load generator kept up with every server.') +
      (errors.length ? ` <span class="err-note">⚠ Trials with errors, non-2xx or timeouts (red dots): ${errors.join('; ')}.</span>` : ''),
  });
}
