// Latency percentile curves p50 → p99.99 for one scenario, one line per target, both axes on log
// scales: x is log(1 / (1 - p)) so each extra "9" gets the same width; the band is the spread
// across trials.
import type { ResultFile } from '../../results/schema.js';
import { esc } from '../html-escape.js';
import { latencyCurve, type LatencyCurve } from '../latency-curve.js';
import { formatUs } from '../../metrics/format.js';
import { findScenario } from '../result-lookup.js';
import { f1, figure, H, M, plotFrame, spreadLabels, svgRoot, W, xAxis, yAxis, type LegendItem } from './frame.js';
import { linearScale, logDomain, logScale, logTicks } from './scale.js';

const nines = (p: number) => Math.log10(100 / (100 - p));
const LABELS = [
  { p: 50, label: 'p50' },
  { p: 90, label: 'p90' },
  { p: 99, label: 'p99' },
  { p: 99.9, label: 'p99.9' },
  { p: 99.99, label: 'p99.99' },
];

export function latencyChart(result: ResultFile, scenario: string, color: (t: string) => string): string {
  const curves: { target: string; curve: LatencyCurve }[] = [];
  for (const t of result.targets) {
    const s = findScenario(t, scenario);
    if (!s || s.trials.length === 0) continue;
    const curve = latencyCurve(s.trials);
    if (curve.points.length > 0) curves.push({ target: t.name, curve });
  }
  const all = curves.flatMap((c) => c.curve.points.flatMap((p) => [p.minUs, p.maxUs]));
  const [lo, hi] = logDomain(Math.max(1, Math.min(...all, 1e12)), Math.max(...all, 2));
  const y = logScale([lo, hi], [H - M.bottom, M.top]);
  const maxP = Math.max(99.9, ...curves.flatMap((c) => c.curve.points.map((p) => p.p)));
  const xEnd = W - M.right - 58; // room on the right for the end labels
  const x = linearScale([nines(50), nines(maxP)], [M.left + 10, xEnd]);
  let body = yAxis(logTicks(lo, hi), y, formatUs, 'latency (log scale)');
  body += xAxis(LABELS.filter((l) => l.p <= maxP + 1e-9).map((l) => ({ value: nines(l.p), label: l.label })), x, 'percentile (log scale of 1 / (1 − p))');
  const labelYs = spreadLabels(curves.map(({ curve }) => y(curve.points[curve.points.length - 1]!.us)), 13, M.top);
  for (const [k, { target, curve }] of curves.entries()) {
    const c = color(target);
    const pts = curve.points;
    const upper = pts.map((p) => `${f1(x(nines(p.p)))},${f1(y(p.maxUs))}`);
    const lower = pts.map((p) => `${f1(x(nines(p.p)))},${f1(y(p.minUs))}`).reverse();
    const line = pts.map((p) => `${f1(x(nines(p.p)))},${f1(y(p.us))}`).join(' ');
    const marks = pts
      .filter((p) => LABELS.some((l) => Math.abs(l.p - p.p) < 1e-6) || !curve.fromHistograms)
      .map((p) => `<circle cx="${f1(x(nines(p.p)))}" cy="${f1(y(p.us))}" r="3.2" fill="${c}"><title>${esc(target)} p${p.p}: ${formatUs(p.us)} (trials ${formatUs(p.minUs)}–${formatUs(p.maxUs)})</title></circle>`)
      .join('');
    const last = pts[pts.length - 1]!;
    body += `<g data-series="${esc(target)}"><polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${c}"/><polyline class="curve" points="${line}" stroke="${c}"/>${marks}`;
    body += `<text class="end-label" x="${f1(xEnd + 8)}" y="${f1(labelYs[k]!)}" dy="0.32em" fill="${c}">${esc(formatUs(last.us))}</text></g>`;
  }
  body += plotFrame();
  const legend: LegendItem[] = curves.map((c) => ({ label: c.target, color: color(c.target), style: 'line' }));
  const source = curves.length > 0 && curves.every((c) => c.curve.fromHistograms) ? 'read from each trial\'s HDR histogram' : 'from the percentiles each trial recorded';
  return figure({
    chart: `latency-${scenario}`,
    title: `Latency percentiles · ${scenario}`,
    caption: `Median over trials (line) and the range across trials (band), ${source}. Lower is better.`,
    svg: svgRoot(`latency percentiles for scenario ${scenario}`, body),
    legend,
  });
}
