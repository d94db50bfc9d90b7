// How every number reads, on every screen (console, Markdown, HTML, compare, gate): one rule per
// unit, so the same measurement is the same string wherever it appears. Pure: numbers in, text out.
//
//   requests/s   three significant figures with K / M: 950, 68.4K, 412K, 1.23M
//   latency (µs) µs below 1 ms, then ms, then s: 87.4 µs, 840 µs, 2.65 ms, 1.50 s
//   duration (ms) ms, µs below 1 ms: 7.70 ms, 618 ms, 1,180 ms
//   bytes        decimal SI, as the article and `docker images` count (1 MB = 1,000,000 bytes):
//                512 B, 850 KB, 2.10 MB, 33.7 GB
//   ratio        2.22×
//   delta        a signed relative change: +5.12%, -19.8%, +150%
//   interval     the median, then its 95% interval in parentheses, a shared unit said once:
//                68.4K (67.1K–69.0K), 2.65 ms (2.54–2.90); @N% when it covers less than 95%

export type Unit = 'rps' | 'us' | 'ms' | 'bytes' | 'ratio';

/** Three significant figures without exponent notation; integers >= 1000 get separators. */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : 'n/a';
  const abs = Math.abs(x);
  if (abs >= 100) return Math.round(x).toLocaleString('en-US');
  if (abs === 0) return '0';
  const text = x.toPrecision(3);
  return text.includes('e') ? String(Number(text)) : text;
}

/**
 * x in the largest of the scales (factor, suffix) that it reaches once rounded to three figures,
 * so 999,700 reads 1.00M rather than 1,000K.
 */
function scaled(x: number, scales: readonly (readonly [number, string])[], base: string): string {
  const rounded = Math.abs(Number(x.toPrecision(3)));
  for (const [factor, suffix] of scales) if (rounded >= factor) return `${sig3(x / factor)}${suffix}`;
  return `${sig3(x)}${base}`;
}

/** Requests per second: 950, 68.4K, 412K, 1.23M. */
export function formatRps(rps: number): string {
  return scaled(rps, [[1e6, 'M'], [1e3, 'K']], '');
}

/** Bytes in decimal units (1 MB = 1,000,000 bytes, as the article and `docker images` count). */
export function formatBytes(bytes: number): string {
  if (Math.abs(Math.round(bytes)) < 1e3) return `${Math.round(bytes)} B`;
  return scaled(bytes, [[1e9, ' GB'], [1e6, ' MB'], [1e3, ' KB']], ' B');
}

/** A latency in microseconds, shown as µs below 1 ms so a sub-millisecond P99 stays visible. */
export function formatUs(us: number): string {
  return scaled(us, [[1e6, ' s'], [1e3, ' ms']], ' µs');
}

/** A duration in milliseconds (cold start): 8.42 ms, 1,180 ms; below 1 ms in µs. */
export function formatMs(ms: number): string {
  if (Math.abs(Number(ms.toPrecision(3))) < 1) return formatUs(ms * 1000);
  return `${sig3(ms)} ms`;
}

/** A ratio between two measurements: 2.22×. */
export function formatRatio(ratio: number): string {
  return `${sig3(ratio)}×`;
}

export function formatValue(unit: Unit, x: number): string {
  switch (unit) {
    case 'rps':
      return formatRps(x);
    case 'us':
      return formatUs(x);
    case 'ms':
      return formatMs(x);
    case 'bytes':
      return formatBytes(x);
    case 'ratio':
      return formatRatio(x);
  }
}

/** A share of granted cores: 45%. */
export function formatPercent(pct: number): string {
  return `${Math.round(pct)}%`;
}

/** A relative change in percent: "+5.12%", "-19.8%", "0.00%"; Infinity (from zero) is "new". */
export function formatDelta(p: number): string {
  if (p === Infinity) return 'new';
  if (!Number.isFinite(p)) return 'n/a';
  const digits = Math.abs(p) >= 100 ? 0 : Math.abs(p) >= 10 ? 1 : 2;
  const s = p.toFixed(digits);
  return p > 0 ? `+${s}%` : `${s.replace(/^-0(\.0+)?$/, '0$1')}%`;
}

/** A p-value: two figures from 0.1, four below, "<0.0001" below that. */
export function formatP(p: number): string {
  if (p < 0.0001) return '<0.0001';
  return p >= 0.1 ? p.toFixed(2) : p.toFixed(4);
}

/**
 * "312K (298K–330K)", "4.16 ms (3.85–4.42)": a median and its interval, formatted alike; a unit the
 * three share is said once; the interval is omitted when it is a point; one that covers less than
 * 95% carries its coverage: "8.32K (6.14K–9.48K @75%)".
 */
export function withInterval(median: number, low: number, high: number, format: (x: number) => string, level?: number | null): string {
  const m = format(median);
  const lo = format(low);
  const hi = format(high);
  if (lo === hi && lo === m) return m;
  // an interval that covers less than 95% (too few samples) says how much it covers
  const cover = level != null && level < 0.945 ? ` @${Math.round(level * 100)}%` : '';
  const unit = (s: string) => {
    if (s.endsWith('×')) return '×';
    const i = s.lastIndexOf(' ');
    return i < 0 ? '' : s.slice(i);
  };
  const u = unit(m);
  if (u && unit(lo) === u && unit(hi) === u) return `${m} (${lo.slice(0, -u.length)}–${hi.slice(0, -u.length)}${cover})`;
  return `${m} (${lo}–${hi}${cover})`;
}

/** A measurement as every table shows it: its median, then its interval (withInterval). */
export function formatMeasured(unit: Unit, m: { median: number; low: number; high: number; level: number | null }): string {
  return withInterval(m.median, m.low, m.high, (x) => formatValue(unit, x), m.level);
}
