// The verdict rule: does a measurement agree with a claim? A claim allows a band of values
// (~v: v; <v: up to v; a–b: a to b; v+: v and up), widened by the claims file's tolerance factor.
// The measurement's interval decides: wholly inside the widened band agrees, wholly outside
// disagrees (higher or lower), straddling an edge is inconclusive. Requests/s from client-bound
// trials is a floor, so it can only prove "higher"; otherwise it is inconclusive (client-bound).
import { widen, type Band } from './claims.js';
import type { Measured } from '../metrics/measure.js';

export type Verdict =
  | { kind: 'agrees' }
  | { kind: 'higher' | 'lower'; factor: number }
  | { kind: 'inconclusive'; reason?: string }
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
  return { kind: 'inconclusive' };
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
