// Memory per target: idle RSS (median over fresh starts) beside peak RSS under load (median over
// the trials of one scenario), the same values the tables show.
import { formatBytes } from '../../metrics/format.js';
import { measure } from '../../metrics/measure.js';
import type { ResultFile } from '../../results/schema.js';
import { esc } from '../html-escape.js';
import { f1, figure, H, M, plotFrame, svgRoot, W, yAxis } from './frame.js';
import { linearScale, linearTicks } from './scale.js';

export function memoryChart(result: ResultFile, scenario: string, color: (t: string) => string): string {
  const targets = result.targets;
  const bars = (t: (typeof targets)[number]): ['idle' | 'peak', number | undefined][] => [
    ['idle', measure('idleRss', t, null)?.median],
    ['peak', measure('peakRss', t, scenario)?.median],
  ];
  const max = Math.max(1, ...targets.flatMap((t) => bars(t).map(([, v]) => v ?? 0)));
  const ticks = linearTicks(max);
  const y = linearScale([0, ticks[ticks.length - 1]!], [H - M.bottom, M.top]);
  const groupW = (W - M.left - M.right) / Math.max(1, targets.length);
  const barW = Math.min(56, groupW * 0.36);
  let body = yAxis(ticks, y, (v) => (v === 0 ? '0' : formatBytes(v)), 'resident memory (RSS)');
  targets.forEach((t, g) => {
    const cx = M.left + (g + 0.5) * groupW;
    body += `<text class="group-label" x="${f1(cx)}" y="${H - M.bottom + 20}" text-anchor="middle">${esc(t.name)}</text>`;
    bars(t).forEach(([kind, v], i) => {
      if (v == null) return;
      const x = cx - barW + i * barW;
      const top = Math.min(y(v), H - M.bottom - 1.5);
      body += `<g data-bar="${esc(t.name)}:${kind}" data-series="${esc(t.name)}"><title>${esc(t.name)} ${kind} RSS: ${formatBytes(v)}</title>`;
      body += `<rect class="bar" x="${f1(x + 2)}" y="${f1(top)}" width="${f1(barW - 4)}" height="${f1(H - M.bottom - top)}" fill="${color(t.name)}" fill-opacity="${kind === 'idle' ? 1 : 0.4}" stroke="${color(t.name)}"/>`;
      body += `<text class="value" x="${f1(x + barW / 2)}" y="${f1(top - 6)}" text-anchor="middle">${formatBytes(v)}</text></g>`;
    });
  });
  body += plotFrame();
  return figure({
    chart: 'memory',
    title: 'Memory: idle vs peak under load',
    caption: `RSS of the server's whole process tree${targets[0]?.memory.source ? ` (${targets[0].memory.source})` : ''}; idle: median over fresh starts; peak: median over the ${scenario} trials of each trial's highest sample. Lower is better.`,
    svg: svgRoot('memory per target, idle and peak', body),
    legend: [
      { label: 'idle (after start)', color: '#495057', style: 'box' },
      { label: 'peak under load', color: '#495057', style: 'faded' },
    ],
  });
}
