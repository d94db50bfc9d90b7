// The parts every chart shares: the figure with its title, caption and legend, the plot frame and
// the axes. Charts are inline SVG; all text is escaped here or by the caller with esc().
import { esc } from '../html-escape.js';
import type { Scale } from './scale.js';

export const W = 640;
export const H = 320;
export const M = { top: 28, right: 20, bottom: 52, left: 72 };

export interface LegendItem {
  label: string;
  color: string;
  /** solid swatch, a line, a faded swatch, or a hatched one */
  style?: 'box' | 'line' | 'faded' | 'hatched';
}

export interface FigureOptions {
  chart: string;
  title: string;
  caption: string;
  svg: string;
  legend?: LegendItem[];
  /** a short note under the chart, e.g. which trials were client-bound */
  note?: string;
}

/** A chart card: title, one-line caption, the SVG, its legend and note. */
export function figure(o: FigureOptions): string {
  const legend = o.legend?.length
    ? `<ul class="legend">${o.legend.map((l) => `<li data-legend="${esc(l.label)}"><span class="swatch ${l.style ?? 'box'}" style="--c:${l.color}"></span>${esc(l.label)}</li>`).join('')}</ul>`
    : '';
  const note = o.note ? `<p class="note">${o.note}</p>` : '';
  return `<figure class="chart" data-chart="${esc(o.chart)}"><figcaption><h3>${esc(o.title)}</h3><p>${esc(o.caption)}</p></figcaption>${o.svg}${legend}${note}</figure>`;
}

export function svgRoot(label: string, body: string, height = H): string {
  return `<svg viewBox="0 0 ${W} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

/** Horizontal gridlines with labels on the left, and the y-axis title rotated along it. */
export function yAxis(ticks: number[], y: Scale, format: (v: number) => string, title: string, height = H): string {
  const lines = ticks
    .map((t) => {
      const py = y(t).toFixed(1);
      return `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}"/><text class="tick" x="${M.left - 8}" y="${py}" dy="0.32em" text-anchor="end">${esc(tickLabel(format(t)))}</text>`;
    })
    .join('');
  const midY = (M.top + height - M.bottom) / 2;
  return `${lines}<text class="axis-title" transform="translate(16 ${midY}) rotate(-90)" text-anchor="middle">${esc(title)}</text>`;
}

/** Vertical gridlines with labels under the plot, and the x-axis title. */
export function xAxis(ticks: { value: number; label: string }[], x: Scale, title: string, height = H): string {
  const lines = ticks
    .map((t) => {
      const px = x(t.value).toFixed(1);
      return `<line class="grid" x1="${px}" x2="${px}" y1="${M.top}" y2="${height - M.bottom}"/><text class="tick" x="${px}" y="${height - M.bottom + 18}" text-anchor="middle">${esc(tickLabel(t.label))}</text>`;
    })
    .join('');
  return `${lines}<text class="axis-title" x="${(M.left + W - M.right) / 2}" y="${height - 10}" text-anchor="middle">${esc(title)}</text>`;
}

/** The plot's baseline and left edge. */
export function plotFrame(height = H): string {
  return `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${height - M.bottom}" y2="${height - M.bottom}"/><line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${height - M.bottom}"/>`;
}

/** A diagonal-stripe pattern (client-bound bars) with an id unique to its chart. */
export function hatchPattern(id: string): string {
  return `<defs><pattern id="${esc(id)}" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="7" height="7" fill="none"/><line x1="0" y1="0" x2="0" y2="7" stroke="#fff" stroke-width="3" stroke-opacity="0.75"/></pattern></defs>`;
}

export const f1 = (n: number): string => n.toFixed(1);

/** Tick labels without trailing zeros: "10.0 ms" → "10 ms", "2.50 MB" → "2.5 MB". */
export function tickLabel(text: string): string {
  return text.replace(/(\d+)\.(\d*?)0+(?!\d)/g, (_, int: string, frac: string) => (frac ? `${int}.${frac}` : int));
}

/** Moves labels apart vertically so none is closer than `gap` to the next, keeping their order. */
export function spreadLabels(ys: readonly number[], gap = 13, top = M.top - 14): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 0; k < order.length; k++) {
    const prev = order[k - 1];
    order[k]!.y = Math.max(order[k]!.y, prev ? prev.y + gap : top);
  }
  const out: number[] = [];
  for (const o of order) out[o.i] = o.y;
  return out;
}
