// Numbers for humans: three significant figures, thousands separators, and the unit a reader
// expects (K req/s, MB, ms, µs). Pure; every reporter formats through these.

/** Three significant figures without exponent notation; integers >= 1000 get separators. */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : 'n/a';
  const abs = Math.abs(x);
  if (abs >= 100) return Math.round(x).toLocaleString('en-US');
  if (abs === 0) return '0';
  const text = x.toPrecision(3);
  return text.includes('e') ? String(Number(text)) : text;
}

/** Requests per second: 412K, 1.23M, 950. */
export function formatRps(rps: number): string {
  if (rps >= 1e6) return `${sig3(rps / 1e6)}M`;
  if (rps >= 1e3) return `${sig3(rps / 1e3)}K`;
  return sig3(rps);
}

/** Bytes in decimal units (1 MB = 1,000,000 bytes, as the article and `docker images` count). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${sig3(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${sig3(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${sig3(bytes / 1e3)} KB`;
  return `${Math.round(bytes)} B`;
}

/** A latency in microseconds, shown as µs below 1 ms so a sub-millisecond P99 stays visible. */
export function formatUs(us: number): string {
  if (us >= 1e6) return `${sig3(us / 1e6)} s`;
  if (us >= 1e3) return `${sig3(us / 1e3)} ms`;
  return `${sig3(us)} µs`;
}

/** A duration in milliseconds (cold start): 8.42 ms, 1,180 ms; below 1 ms in µs. */
export function formatMs(ms: number): string {
  if (ms < 1) return formatUs(ms * 1000);
  return `${sig3(ms)} ms`;
}

/** A percentage of granted cores. */
export function formatPct(pct: number): string {
  return `${Math.round(pct)}%`;
}

/** A ratio between two targets: 2.22×. */
export function formatRatio(ratio: number): string {
  return `${sig3(ratio)}×`;
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
