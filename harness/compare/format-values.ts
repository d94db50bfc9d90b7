// How numbers read in compare and gate output: units, percentages, p-values. Strings only.
import type { Unit } from './metrics.js';

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatValue(unit: Unit | 'ratio', v: number): string {
  if (!Number.isFinite(v)) return String(v);
  switch (unit) {
    case 'ratio':
      return `${v.toFixed(v >= 10 ? 1 : 3)}×`;
    case 'rps':
      return v >= 100 ? thousands.format(v) : v.toFixed(1);
    case 'us':
      return v >= 1000 ? `${(v / 1000).toFixed(v >= 100_000 ? 0 : 2)} ms` : `${v.toFixed(v >= 100 ? 0 : 1)} µs`;
    case 'ms':
      return `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
    case 'bytes': {
      if (v >= 1024 ** 3) return `${(v / 1024 ** 3).toFixed(2)} GiB`;
      if (v >= 1024 ** 2) return `${(v / 1024 ** 2).toFixed(1)} MiB`;
      if (v >= 1024) return `${(v / 1024).toFixed(1)} KiB`;
      return `${v} B`;
    }
  }
}

/** "+5.1%", "-19.8%", "0.0%" */
export function formatPct(p: number): string {
  if (p === Infinity) return 'new';
  if (!Number.isFinite(p)) return 'n/a';
  const digits = Math.abs(p) >= 100 ? 0 : Math.abs(p) >= 10 ? 1 : 2;
  const s = p.toFixed(digits);
  return p > 0 ? `+${s}` + '%' : `${s.replace(/^-0(\.0+)?$/, '0$1')}%`;
}

export function formatP(p: number): string {
  if (p < 0.0001) return '<0.0001';
  return p >= 0.1 ? p.toFixed(2) : p.toFixed(4);
}

/** "12,345 ±1.6%": the median and the half-width of its interval relative to it */
export function formatMedian(unit: Unit | 'ratio', s: { median: number; low: number; high: number; n: number }): string {
  const v = formatValue(unit, s.median);
  if (s.n < 2 || s.median === 0) return v;
  const spread = (Math.max(s.high - s.median, s.median - s.low) / Math.abs(s.median)) * 100;
  return `${v} ±${spread < 10 ? spread.toFixed(1) : spread.toFixed(0)}%`;
}
