// What the gate can see at this run's size, measured rather than assumed: for each gated row, the
// baseline's own samples are resampled (with replacement, seeded, so the same files give the same
// numbers) into 200 simulated pairs of runs at the two files' sample sizes. With no change between
// them, the share the rule fails is its false-alarm rate; with the current side scaled by a stated
// effect (requests/s -10%, P99 +25%, memory +20%, cold start x2), the share it fails is its power.
// Per metric the worst row is kept (highest false alarms, lowest power). Pure and deterministic.
import { metricSpec, type MetricId } from '../metrics/registry.js';
import { mosesRank } from '../stats/relative-shift.js';
import { seededRandom } from '../stats/seeded-random.js';

/** The effect each metric's power is stated for, as a factor on the current side's values. */
export const POWER_EFFECTS: Partial<Record<MetricId, number>> = { rps: 0.9, p99: 1.25, peakRss: 1.2, idleRss: 1.2, coldStart: 2 };

export const POWER_SIMULATIONS = 200;

export interface PowerRow {
  metric: MetricId;
  floorPct: number;
  baseline: readonly number[];
  currentN: number;
}

export interface MetricPower {
  metric: MetricId;
  /** the stated effect, percent (-10 for requests/s) */
  effectPct: number;
  /** share of simulated runs with that effect the rule fails, worst (lowest) over the metric's rows, percent */
  powerPct: number;
  /** share of simulated runs without a change the rule fails, worst (highest) over the metric's rows, percent */
  falseAlarmPct: number;
  rows: number;
  /** the sample sizes of the worst-power row */
  baselineN: number;
  currentN: number;
}

export interface GatePower {
  simulations: number;
  /** the simultaneous level the rule was simulated at */
  level: number;
  /** highest over all metrics, percent */
  falseAlarmPct: number;
  metrics: MetricPower[];
}

function draw(values: readonly number[], n: number, random: () => number, into: number[]): number[] {
  into.length = 0;
  for (let i = 0; i < n; i++) into.push(Math.log(values[Math.floor(random() * values.length)]!));
  return into;
}

/** Share of `simulations` pairs, percent, that the rule fails for one row, with and without the effect. */
function simulateRow(row: PowerRow, factor: number, level: number, seed: number): { powerPct: number; falseAlarmPct: number } {
  const nb = row.baseline.length;
  const nc = row.currentN;
  const { k } = mosesRank(nb, nc, level);
  const higher = metricSpec(row.metric).better === 'higher';
  const shift = Math.log(factor);
  const random = seededRandom(seed);
  const a: number[] = [];
  const c: number[] = [];
  const diffs = new Float64Array(nb * nc);
  const fails = (cShift: number): boolean => {
    draw(row.baseline, nb, random, a);
    draw(row.baseline, nc, random, c);
    let j = 0;
    for (const x of a) for (const y of c) diffs[j++] = y + cShift - x;
    diffs.sort();
    // best-case badness beyond the floor: the interval's good end is on the bad side of F
    const best = higher ? -(Math.exp(diffs[diffs.length - k]!) - 1) * 100 : (Math.exp(diffs[k - 1]!) - 1) * 100;
    return best > row.floorPct;
  };
  let alarms = 0;
  let hits = 0;
  for (let i = 0; i < POWER_SIMULATIONS; i++) {
    if (fails(0)) alarms++;
    if (fails(shift)) hits++;
  }
  return { powerPct: (hits / POWER_SIMULATIONS) * 100, falseAlarmPct: (alarms / POWER_SIMULATIONS) * 100 };
}

/** null when no gated row has a stated effect and positive samples on both sides. */
export function gatePower(rows: readonly PowerRow[], level: number): GatePower | null {
  const byMetric = new Map<MetricId, MetricPower>();
  rows.forEach((row, index) => {
    const factor = POWER_EFFECTS[row.metric];
    if (factor === undefined || row.baseline.length < 2 || row.currentN < 2 || row.baseline.some((v) => !(v > 0))) return;
    const r = simulateRow(row, factor, level, 0x9a7e + index);
    const seen = byMetric.get(row.metric);
    const effectPct = Math.round((factor - 1) * 100);
    if (!seen) {
      byMetric.set(row.metric, { metric: row.metric, effectPct, ...r, rows: 1, baselineN: row.baseline.length, currentN: row.currentN });
      return;
    }
    seen.rows++;
    seen.falseAlarmPct = Math.max(seen.falseAlarmPct, r.falseAlarmPct);
    if (r.powerPct < seen.powerPct) Object.assign(seen, { powerPct: r.powerPct, baselineN: row.baseline.length, currentN: row.currentN });
  });
  if (byMetric.size === 0) return null;
  const metrics = [...byMetric.values()];
  return { simulations: POWER_SIMULATIONS, level, falseAlarmPct: Math.max(...metrics.map((m) => m.falseAlarmPct)), metrics };
}

const pct = (x: number): string => `${x < 10 && x !== 0 && !Number.isInteger(x) ? x.toFixed(1) : Math.round(x)}%`;

/** "at 6 vs 6 samples, from the baseline's own spread: false alarms 0.5%; power: -10% requests/s 84%, +25% P99 61%" */
export function powerLine(p: GatePower): string {
  const sizes = [...new Set(p.metrics.map((m) => `${m.baselineN} vs ${m.currentN}`))];
  const effect = (m: MetricPower): string => (m.metric === 'coldStart' ? '×2' : `${m.effectPct > 0 ? '+' : '−'}${Math.abs(m.effectPct)}%`);
  return (
    `at ${sizes.join(' / ')} samples, from the baseline's own spread (${p.simulations} resamples a row, worst row per metric): ` +
    `false alarms ${pct(p.falseAlarmPct)}; power: ${p.metrics.map((m) => `${effect(m)} ${metricSpec(m.metric).label} ${pct(m.powerPct)}`).join(', ')}`
  );
}
