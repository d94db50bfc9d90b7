// Several runs: one line per target across runs for one scenario and metric, with interval whiskers.
import { esc } from '../html-escape.js';
import type { Measured } from '../../metrics/measure.js';
import type { TrendSeries } from '../trend.js';
import { f1, figure, H, M, plotFrame, svgRoot, W, xAxis, yAxis, type LegendItem } from './frame.js';
import { linearScale, linearTicks } from './scale.js';

export function trendChart(
  metric: 'rps' | 'p99Us',
  scenario: string,
  series: TrendSeries[],
  runLabels: string[],
  color: (t: string) => string,
  format: (v: number) => string,
): string {
  const own = series.filter((s) => s.scenario === scenario);
  const values = own.flatMap((s) => s.points.flatMap((p) => (p[metric] ? [p[metric]!.high] : [])));
  const ticks = linearTicks(Math.max(1, ...values));
  const y = linearScale([0, ticks[ticks.length - 1]!], [H - M.bottom, M.top]);
  const x = linearScale([0, Math.max(1, runLabels.length - 1)], [M.left + 70, W - M.right - 70]);
  let body = yAxis(ticks, y, (v) => (v === 0 ? '0' : format(v)), metric === 'rps' ? 'requests per second' : 'P99 latency');
  body += xAxis(runLabels.map((label, i) => ({ value: i, label })), x, 'run');
  for (const s of own) {
    const c = color(s.target);
    const pts = s.points.filter((p): p is typeof p & Record<typeof metric, Measured> => p[metric] != null);
    body += `<g data-series="${esc(s.target)}"><polyline class="curve" stroke="${c}" points="${pts.map((p) => `${f1(x(p.run))},${f1(y(p[metric].median))}`).join(' ')}"/>`;
    body += pts
      .map((p) => {
        const m = p[metric];
        const px = x(p.run);
        return `<path class="whisker" style="stroke:${c}" d="M${f1(px)} ${f1(y(m.low))}V${f1(y(m.high))}"/><circle cx="${f1(px)}" cy="${f1(y(m.median))}" r="4" fill="${c}"><title>${esc(s.target)} run ${p.run + 1}: ${esc(format(m.median))}${p.clientBound ? ' (client-bound trials)' : ''}</title></circle>${p.clientBound ? `<text class="value" x="${f1(px + 8)}" y="${f1(y(m.median) - 6)}">⚠</text>` : ''}`;
      })
      .join('');
    body += '</g>';
  }
  body += plotFrame();
  const legend: LegendItem[] = own.map((s) => ({ label: s.target, color: color(s.target), style: 'line' }));
  const what = metric === 'rps' ? 'Requests per second' : 'P99 latency';
  return figure({
    chart: `trend-${metric === 'rps' ? 'rps' : 'p99'}-${scenario}`,
    title: `${what} across runs · ${scenario}`,
    caption: `Median per run with its 95% interval; ⚠ marks runs with client-bound trials. ${metric === 'rps' ? 'Higher' : 'Lower'} is better.`,
    svg: svgRoot(`${what} across runs for ${scenario}`, body),
    legend,
  });
}
