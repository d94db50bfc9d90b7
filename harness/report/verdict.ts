// The verdict rule: does a measurement agree with a claim? A claim allows a band of values
// (~v: v; <v: up to v; a–b: a to b; v+: v and up), widened by the claims file's tolerance factor.
// The measurement's interval decides: wholly inside the widened band agrees, wholly outside
// disagrees (higher or lower), straddling an edge is inconclusive, and says by how much and how
// many samples would likely decide it. Noise only widens the interval; it never voids a verdict
// the interval supports. Requests/s from client-bound trials is a floor, so it can only prove
// "higher"; otherwise it is inconclusive (client-bound), and no amount of rounds changes that.
import { widen, type Band } from './claims.js';
import type { Measured } from '../metrics/measure.js';
import { samplesToReach } from '../stats/log-t-interval.js';

export type Verdict =
  | { kind: 'agrees' }
  | { kind: 'higher' | 'lower'; factor: number }
  | {
      kind: 'inconclusive';
      reason?: string;
      /** the interval straddles a band edge: more samples could decide it (about `samplesNeeded` in all) */
      straddles?: { edge: number; samplesNeeded: number | null };
    }
  | { kind: 'no-data' }
  | { kind: 'not-judged'; reason: string };

/** Judges a measurement against a claimed band (base units, before tolerance). */
export function judge(measured: Measured | null, claimed: Band, tolerance: number): Verdict {
  if (!measured) return { kind: 'no-data' };
  // disturbed or unstable trials back no verdict, however clear it looks
  if (measured.untrusted) return { kind: 'inconclusive', reason: measured.untrusted.split(':')[0]! };
  const band = widen(claimed, tolerance);
  const higher = measured.low > band.high;
  const lower = measured.high < band.low;
  // a bound only proves what its direction allows: a floor above the band is surely higher,
  // anything else about a floor (or a ceiling) could change with a faster load generator
  if (measured.bound === 'floor' && !higher) return { kind: 'inconclusive', reason: 'client-bound' };
  if (measured.bound === 'ceiling' && !lower) return { kind: 'inconclusive', reason: 'client-bound' };
  if (measured.bound === 'unknown') return { kind: 'inconclusive', reason: 'client-bound' };
  if (measured.low >= band.low && measured.high <= band.high) return { kind: 'agrees' };
  if (lower) return { kind: 'lower', factor: claimed.low / measured.median };
  if (higher) return { kind: 'higher', factor: measured.median / claimed.high };
  return straddling(measured, band);
}

/** Which edge the interval straddles, by how much, and about how many samples would clear it. */
function straddling(m: Measured, band: Band): Verdict {
  const edges = [band.low, band.high].filter((e) => e > 0 && Number.isFinite(e) && m.low < e && e < m.high);
  const edge = edges.length > 0 ? edges.reduce((a, b) => (Math.abs(Math.log(m.median / a)) < Math.abs(Math.log(m.median / b)) ? a : b)) : band.low;
  const distance = Math.abs(Math.log(m.median / edge));
  let samplesNeeded: number | null = null;
  if (m.spread && m.level !== null && distance > 0) {
    const t = { centre: m.median, low: m.low, high: m.high, level: m.level, n: m.spread.n, logSd: m.spread.logSd };
    const needed = samplesToReach(t, distance);
    samplesNeeded = Number.isFinite(needed) ? Math.max(needed, m.spread.n + 1) : null;
  }
  const pct = (v: number) => {
    const p = ((v - edge) / edge) * 100;
    return Math.abs(p) > 999 ? (p > 0 ? `over ${Math.floor(v / edge)}×` : `under 1/${Math.floor(edge / Math.max(v, 1e-300))}`) : `${p >= 0 ? '+' : ''}${p.toFixed(0)}%`;
  };
  const span = m.low > 0 && m.high / m.low <= 1e6 ? `${pct(m.low)} to ${pct(m.high)} of it` : `no useful interval from ${m.spread?.n ?? 'so few'} samples`;
  const reason = `straddles ${formatEdge(edge)}: ${span}${
    samplesNeeded !== null ? `; about ${samplesNeeded} samples in all would likely decide it (${m.spread!.n} now)` : distance === 0 ? '; it sits on the edge: more samples are unlikely to decide it' : ''
  }`;
  return { kind: 'inconclusive', reason, straddles: { edge, samplesNeeded } };
}

function formatEdge(v: number): string {
  return Math.abs(v) >= 100 ? v.toPrecision(3).replace(/\.0+$/, '') : Number(v.toPrecision(3)).toString();
}

/** The band of ratios a/b that two claimed bands allow: [a.low / b.high, a.high / b.low]. */
export function ratioBand(a: Band, b: Band): Band {
  return {
    low: b.high === Infinity ? 0 : a.low / b.high,
    high: b.low === 0 ? Infinity : a.high / b.low,
  };
}

/**
 * One word or phrase per verdict, with the symbol that makes a table scannable: emoji for GitHub,
 * plain text symbols for the HTML page (it must not depend on an emoji font; colour carries it).
 */
export function verdictText(v: Verdict, symbols: 'emoji' | 'plain' = 'emoji'): string {
  const [ok, bad, unsure] = symbols === 'emoji' ? ['✅', '❌', '❔'] : ['✓', '✗', '?'];
  switch (v.kind) {
    case 'agrees':
      return `${ok} agrees`;
    case 'higher':
      return `${bad} ${formatFactor(v.factor)} higher`;
    case 'lower':
      return `${bad} ${formatFactor(v.factor)} lower`;
    case 'inconclusive':
      return v.reason ? `${unsure} inconclusive (${v.reason})` : `${unsure} inconclusive`;
    case 'no-data':
      return '— no data';
    case 'not-judged':
      return `— not judged: ${v.reason}`;
  }
}

function formatFactor(f: number): string {
  if (!Number.isFinite(f)) return '∞×';
  return `${f >= 10 ? Math.round(f) : f.toFixed(1)}×`;
}
