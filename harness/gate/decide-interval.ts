// The gate's rule for one tested change, on its interval (docs/compare-and-gate.md, "How the gate
// decides"). The change is read as badness, percent, positive = worse (a requests/s drop of 10% is
// +10 badness; a P99 rise of 10% too). With the floor F:
//   fail          the whole interval is beyond the floor (best-case badness > F)
//   pass          none of it is (worst-case badness <= F): improved, no significant change, or worse
//                 but within the floor
//   inconclusive  the interval straddles the floor: more samples would likely decide it
// Pure.
import { formatDelta } from '../metrics/format.js';

export interface DecidingInterval {
  /** percent change current vs baseline, as the metric reads (+10 = 10% higher) */
  pct: number;
  low: number;
  high: number;
  /** the simultaneous level it was computed at */
  level: number;
  /** moses: Hodges-Lehmann/Moses over the two samples; paired-log-t: t on the logs of per-round ratios; exact: one deterministic value a side */
  method: 'moses' | 'paired-log-t' | 'exact';
  /** samples per side (moses: the equal per-side size of the same width, 2·n1·n2/(n1+n2)), or rounds paired (paired-log-t) */
  n: number;
  /** paired-log-t: adjusted for the CPU each side lost (steal, foreign work) on its server and load generator cores in each round */
  cpuAdjusted?: boolean;
}

export interface Decision {
  verdict: 'pass' | 'fail' | 'inconclusive';
  /** the whole interval on the good side of 0 */
  improved: boolean;
  reason: string;
  /** inconclusive only: about how many samples (or rounds) per side would likely decide it, capped at MAX_SUGGESTED_SAMPLES; null: the estimate sits on the floor */
  samplesToDecide?: number | null;
}

/** No suggestion beyond this many samples a side: the change sits too close to the floor to chase. */
export const MAX_SUGGESTED_SAMPLES = 200;

const pctText = (x: number): string => formatDelta(x);

/** "[-2.1%, +9.4%]" */
export function intervalText(i: Pick<DecidingInterval, 'low' | 'high'>): string {
  return `[${pctText(i.low)}, ${pctText(i.high)}]`;
}

export function decideInterval(i: DecidingInterval, floor: number, higherIsBetter: boolean, unit: 'trials' | 'cold starts' | 'idle RSS samples' | 'rounds'): Decision {
  const sign = higherIsBetter ? -1 : 1;
  const est = sign * i.pct;
  const a = sign * i.low;
  const b = sign * i.high;
  const best = Math.min(a, b);
  const worst = Math.max(a, b);
  const where = intervalText(i);
  if (best > floor) return { verdict: 'fail', improved: false, reason: `regressed ${pctText(i.pct)} ${where} beyond the ${floor}% floor` };
  if (worst <= floor) {
    if (worst < 0) return { verdict: 'pass', improved: true, reason: `improved ${pctText(i.pct)} ${where}` };
    if (best > 0) return { verdict: 'pass', improved: false, reason: `worse ${pctText(i.pct)} ${where} but within the ${floor}% floor` };
    return { verdict: 'pass', improved: false, reason: `~ no significant change ${where} (within the ${floor}% floor)` };
  }
  // straddles: the half of the interval between the estimate and the floor has to shrink to the distance between them
  const distance = Math.abs(est - floor);
  const half = est > floor ? est - best : worst - est;
  let samplesToDecide: number | null = null;
  if (distance > 1e-9 * Math.max(1, Math.abs(floor)) && half > 0) {
    const n = Math.ceil(i.n * (half / distance) ** 2);
    samplesToDecide = Math.min(MAX_SUGGESTED_SAMPLES, Math.max(n, i.n + 1));
  }
  const hint = samplesToDecide === null
    ? 'not likely to be decided: the estimate sits on the floor'
    : samplesToDecide >= MAX_SUGGESTED_SAMPLES
      ? `more than ${MAX_SUGGESTED_SAMPLES} ${unit} per side would be needed: not likely to be decided`
      : `about ${samplesToDecide} ${unit} per side would likely decide it`;
  return { verdict: 'inconclusive', improved: false, reason: `${pctText(i.pct)} ${where} straddles the ${floor}% floor; ${hint}`, samplesToDecide };
}
