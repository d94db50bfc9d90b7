// Latency against offered load for one open-loop scenario: per target, P50 (dotted), P99 (solid)
// and P99.9 (dashed) at each rate of the ladder (y on a log scale), the SLO search's probes as
// dots (filled: met the target), the P99 target as a horizontal line and each target's highest
// sustainable rate as a vertical one.
import type { ResultFile } from '../../results/schema.js';
import { formatRps, formatUs } from '../../metrics/format.js';
import { esc } from '../html-escape.js';
import { loadCurves, maxSustainedRps, type LoadCurve } from '../open-loop-view.js';
import { f1, figure, H, M, plotFrame, svgRoot, W, xAxis, yAxis, type LegendItem } from './frame.js';
import { linearScale, linearTicks, logDomain, logScale, logTicks } from './scale.js';

const LINES = [
  { key: 'p50Us', label: 'P50', dash: '2 4' },
  { key: 'p99Us', label: 'P99', dash: '' },
  { key: 'p999Us', label: 'P99.9', dash: '8 4' },
] as const;

/** the highest rate this target is shown to sustain: the SLO search's answer, else the ladder's */
function maxRate(c: LoadCurve): number | null {
  return c.slo ? c.slo.maxRps : maxSustainedRps(c);
}

export function loadLatencyChart(result: ResultFile, scenario: string, color: (t: string) => string): string {
  const curves = loadCurves(result, scenario);
  const rates = curves.flatMap((c) => [...c.points.map((p) => p.offeredRps), ...(c.slo?.probes.map((p) => p.offeredRps) ?? [])]);
  const slos = [...new Set(curves.flatMap((c) => (c.slo ? [c.slo.p99Us] : [])))];
  const lats = [...curves.flatMap((c) => [...c.points.flatMap((p) => [p.p50Us, p.p999Us]), ...(c.slo?.probes.map((p) => p.p99Us) ?? [])]), ...slos];
  const xTicks = linearTicks(Math.max(1, ...rates));
  const x = linearScale([0, xTicks[xTicks.length - 1]!], [M.left + 10, W - M.right - 10]);
  const [lo, hi] = logDomain(Math.max(1, Math.min(...lats, 1e12)), Math.max(...lats, 2));
  const y = logScale([lo, hi], [H - M.bottom, M.top]);
  let body = yAxis(logTicks(lo, hi), y, formatUs, 'latency from the scheduled time (log)');
  body += xAxis(xTicks.map((v) => ({ value: v, label: formatRps(v) })), x, 'offered load, requests per second');
  for (const slo of slos) {
    body += `<g data-slo="${slo}"><line x1="${M.left}" x2="${W - M.right}" y1="${f1(y(slo))}" y2="${f1(y(slo))}" stroke="#c92a2a" stroke-width="1.4" stroke-dasharray="6 3"/><text class="value" x="${W - M.right - 4}" y="${f1(y(slo) - 6)}" text-anchor="end">P99 target ${esc(formatUs(slo))}</text></g>`;
  }
  for (const [k, c] of curves.entries()) {
    const col = color(c.target);
    body += `<g data-series="${esc(c.target)}">`;
    for (const line of LINES) {
      if (c.points.length === 0) break;
      const pts = c.points.map((p) => `${f1(x(p.offeredRps))},${f1(y(p[line.key]))}`).join(' ');
      body += `<polyline class="curve" stroke="${col}" points="${pts}"${line.dash ? ` stroke-dasharray="${line.dash}" style="stroke-width:1.6"` : ''}/>`;
      body += c.points
        .map((p) => `<circle cx="${f1(x(p.offeredRps))}" cy="${f1(y(p[line.key]))}" r="${line.key === 'p99Us' ? 3.4 : 2.2}" fill="${p.sustained ? col : '#fff'}" stroke="${col}"><title>${esc(c.target)} at ${esc(formatRps(p.offeredRps))} req/s: ${line.label} ${esc(formatUs(p[line.key]))}${p.sustained ? '' : ' (not sustained)'}</title></circle>`)
        .join('');
    }
    for (const p of c.slo?.probes ?? []) {
      body += `<circle data-probe="" cx="${f1(x(p.offeredRps))}" cy="${f1(y(p.p99Us))}" r="3.4" fill="${p.passed ? col : '#fff'}" stroke="${col}"><title>${esc(c.target)} search probe at ${esc(formatRps(p.offeredRps))} req/s: P99 ${esc(formatUs(p.p99Us))}${p.passed ? '' : ' (missed)'}</title></circle>`;
    }
    const max = maxRate(c);
    if (max !== null) {
      // labels stacked per target, and on the line's left when it is near the right edge
      const left = x(max) > W - M.right - 90;
      body += `<line data-max-rate="${max}" x1="${f1(x(max))}" x2="${f1(x(max))}" y1="${M.top}" y2="${H - M.bottom}" stroke="${col}" stroke-width="1.2" stroke-dasharray="3 3"/><text class="value" x="${f1(x(max) + (left ? -4 : 4))}" y="${M.top + 10 + k * 13}"${left ? ' text-anchor="end"' : ''} fill="${col}">max ${esc(formatRps(max))}</text>`;
    }
    body += '</g>';
  }
  body += plotFrame();
  const legend: LegendItem[] = curves.map((c) => ({ label: c.target, color: color(c.target), style: 'line' }));
  return figure({
    chart: `load-latency-${scenario}`,
    title: `Latency against offered load · ${scenario}`,
    caption:
      'Open loop: requests sent on a fixed schedule, latency measured from each one\'s scheduled time. P50 dotted, P99 solid, P99.9 dashed (medians over trials); hollow points did not sustain the rate; vertical lines mark each target\'s highest sustainable rate. Lower is better.',
    svg: svgRoot(`latency against offered load for scenario ${scenario}`, body),
    legend,
  });
}
