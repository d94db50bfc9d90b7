// Cold start per target: every fresh start as a dot on a log time axis, the median as a tick.
import type { ResultFile } from '../../results/schema.js';
import { esc } from '../html-escape.js';
import { formatMs } from '../../metrics/format.js';
import { measure } from '../../metrics/measure.js';
import { f1, figure, M, svgRoot, W, xAxis } from './frame.js';
import { logDomain, logScale, logTicks } from './scale.js';

const LEFT = 110;

export function coldStartChart(result: ResultFile, color: (t: string) => string): string {
  const targets = result.targets.filter((t) => t.coldStartMs.samples.length > 0);
  const rowH = 52;
  const height = M.top + rowH * Math.max(1, targets.length) + M.bottom;
  const all = targets.flatMap((t) => t.coldStartMs.samples);
  const [lo, hi] = logDomain(Math.min(...all, 1e9), Math.max(...all, 0.01));
  const x = logScale([lo, hi], [LEFT, W - M.right]);
  let body = xAxis(logTicks(lo, hi).map((v) => ({ value: v, label: formatMs(v) })), x, 'time from spawn to the first verified 200 (log scale)', height);
  targets.forEach((t, i) => {
    const cy = M.top + rowH * (i + 0.5);
    const samples = t.coldStartMs.samples;
    const med = measure('coldStart', t, null)!.median;
    const c = color(t.name);
    body += `<g data-series="${esc(t.name)}"><text class="row-label" x="${LEFT - 12}" y="${f1(cy)}" dy="0.32em" text-anchor="end">${esc(t.name)}</text>`;
    body += `<line class="row-rule" x1="${LEFT}" x2="${W - M.right}" y1="${f1(cy)}" y2="${f1(cy)}"/>`;
    body += samples.map((s, k) => `<circle data-point="" cx="${f1(x(s))}" cy="${f1(cy + ((k % 3) - 1) * 5)}" r="4.5" fill="${c}" fill-opacity="0.65"><title>${esc(t.name)} start ${k + 1}: ${formatMs(s)}</title></circle>`).join('');
    body += `<line class="median" x1="${f1(x(med))}" x2="${f1(x(med))}" y1="${f1(cy - 15)}" y2="${f1(cy + 15)}" stroke="${c}"/>`;
    body += `<text class="value" x="${f1(x(med))}" y="${f1(cy - 19)}" text-anchor="middle">${formatMs(med)}</text></g>`;
  });
  body += `<line class="axis" x1="${LEFT}" x2="${W - M.right}" y1="${height - M.bottom}" y2="${height - M.bottom}"/>`;
  return figure({
    chart: 'cold-start',
    title: 'Cold start',
    caption: `Each fresh start (dot) and the median (tick), ${targets[0]?.coldStartMs.samples.length ?? 0} starts per target. Lower is better.`,
    svg: svgRoot('cold start samples per target', body, height),
  });
}
