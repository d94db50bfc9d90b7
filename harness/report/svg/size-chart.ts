// Artifact size per target: the binary, the Python environment plus sources, or the image.
import type { ResultFile } from '../../results/schema.js';
import { esc } from '../html-escape.js';
import { formatBytes } from '../../metrics/format.js';
import { f1, figure, M, svgRoot, W, xAxis } from './frame.js';
import { linearScale, linearTicks } from './scale.js';

const LEFT = 110;

export function sizeChart(result: ResultFile, color: (t: string) => string): string {
  const targets = result.targets;
  const rowH = 44;
  const height = M.top + rowH * Math.max(1, targets.length) + M.bottom;
  const ticks = linearTicks(Math.max(1, ...targets.map((t) => t.sizeBytes ?? 0)));
  const x = linearScale([0, ticks[ticks.length - 1]!], [LEFT, W - M.right - 70]);
  let body = xAxis(ticks.map((v) => ({ value: v, label: v === 0 ? '0' : formatBytes(v) })), x, 'bytes on disk (1 MB = 10⁶ bytes)', height);
  targets.forEach((t, i) => {
    const cy = M.top + rowH * (i + 0.5);
    body += `<text class="row-label" x="${LEFT - 12}" y="${f1(cy)}" dy="0.32em" text-anchor="end">${esc(t.name)}</text>`;
    if (t.sizeBytes == null) {
      body += `<text class="value" x="${LEFT + 6}" y="${f1(cy)}" dy="0.32em">not measured</text>`;
      return;
    }
    const w = Math.max(1.5, x(t.sizeBytes) - LEFT);
    body += `<g data-bar="${esc(t.name)}" data-series="${esc(t.name)}"><title>${esc(t.name)}: ${t.sizeBytes.toLocaleString('en-US')} bytes${t.sizeKind ? ` (${esc(t.sizeKind)})` : ''}</title>`;
    body += `<rect class="bar" x="${LEFT}" y="${f1(cy - 13)}" width="${f1(w)}" height="26" fill="${color(t.name)}"/>`;
    body += `<text class="value" x="${f1(LEFT + w + 6)}" y="${f1(cy)}" dy="0.32em">${formatBytes(t.sizeBytes)}${t.sizeKind ? ` · ${esc(t.sizeKind)}` : ''}</text></g>`;
  });
  body += `<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${M.top}" y2="${height - M.bottom}"/>`;
  return figure({
    chart: 'size',
    title: 'Binary / image size',
    caption: 'What runs: the binary, the Python environment plus sources, or the container image. Smaller is better.',
    svg: svgRoot('artifact size per target', body, height),
  });
}
