// What one result file measured for one metric of one target: the median of its samples with the
// distribution-free 95% interval, as every screen shows it. Pure.
import type { ScenarioResult, TargetResult, Trial } from '../results/schema.js';
import { medianInterval } from '../stats/median-interval.js';
import { cleanTrials } from '../results/clean-trials.js';
import { untrustedReason } from './trial-quality.js';
import { adjustedLogTInterval, logTInterval, shareLeftCovariate, type AdjustedLogTInterval } from '../stats/log-t-interval.js';
import { formatMeasured } from './format.js';
import { metricSpec, type MetricId, type MetricSamples } from './registry.js';

/** A median with an interval; a single or exact value has low = high = median. */
export interface Measured {
  median: number;
  low: number;
  high: number;
  /** coverage of [low, high]; null for a single or exact value */
  level: number | null;
  /**
   * 'floor': the true value can only be higher (requests/s of a client-bound run: the load
   * generator ran out first); 'ceiling': it can only be lower (a ratio over a floor); 'unknown':
   * both sides were floors. Absent: the measurement stands as it is.
   */
  bound?: 'floor' | 'ceiling' | 'unknown';
  /**
   * why the samples cannot back a verdict (fewer than two clean trials, a launcher-bound cold
   * start); absent when they can
   */
  untrusted?: string;
  /** what `median` is: the median (figures), or the geometric mean (the intervals verdicts use) */
  centre?: 'median' | 'geometric mean';
  /** the samples behind a t interval and their spread in log terms: how many more would decide it */
  spread?: { n: number; logSd: number };
}

/** At least half the trials client-bound: the median is the load generator's ceiling, not the server's. */
function clientBound(s: ScenarioResult): boolean {
  const clean = cleanTrials(s.trials);
  return clean.filter((t) => t.clientBound).length * 2 >= clean.length;
}

/** The median of repeated samples with its interval; one value, or an exact one, stands alone. */
export function summarize({ values, kind }: MetricSamples): Measured | null {
  if (values.length === 0) return null;
  if (kind !== 'samples' || values.length === 1) return { median: values[0]!, low: values[0]!, high: values[0]!, level: null };
  const { median, ci95 } = medianInterval(values);
  return { median, low: ci95.low, high: ci95.high, level: ci95.level };
}

/**
 * The metric for a target, in the given scenario for a per-scenario metric (ignored otherwise);
 * null when the file has no value for it.
 */
export function measure(id: MetricId, target: TargetResult, scenario: string | null): Measured | null {
  const spec = metricSpec(id);
  const s = spec.scope === 'scenario' ? (target.scenarios.find((x) => x.name === scenario) ?? null) : null;
  if (spec.scope === 'scenario' && !s) return null;
  const m = summarize(spec.samples(target, s));
  if (m && spec.floorWhenClientBound && s && clientBound(s)) m.bound = 'floor';
  // memory keeps every trial (registry.ts cpuTimed): a scenario's disturbed trials do not void it
  const why = s && spec.cpuTimed ? untrustedReason(s) : undefined;
  if (m && why) m.untrusted = why;
  if (m && id === 'coldStart' && launcherBound(target)) m.untrusted = launcherBound(target);
  return m;
}

/**
 * A cold start that is mostly the launcher (half or more of it is what starting a server that is
 * ready at once costs: a container engine's start, a VM's wake-up) says little about the server:
 * no verdict, as a client-bound requests/s gives none.
 */
function launcherBound(t: TargetResult): string | undefined {
  const { median, serverMs } = t.coldStartMs;
  if (median == null || serverMs == null || median <= 0) return undefined;
  const floorShare = (median - serverMs) / median;
  return floorShare >= 0.5 ? `launcher-bound: the launcher floor is ${Math.round(floorShare * 100)}% of it` : undefined;
}

/**
 * The interval that decides a verdict on one target's metric: the geometric mean of its samples with
 * a t interval on their logarithms at `level` (the run's verdict level, metrics/verdict-level.ts),
 * carrying its spread so an undecided verdict can say how many more rounds would likely decide it.
 * Null without two positive samples; a single or exact value stands alone as in measure().
 */
export function decisive(id: MetricId, target: TargetResult, scenario: string | null, level: number): Measured | null {
  const figure = measure(id, target, scenario);
  if (!figure) return figure;
  const spec = metricSpec(id);
  const s = spec.scope === 'scenario' ? (target.scenarios.find((x) => x.name === scenario) ?? null) : null;
  const samples = spec.samples(target, s);
  // one trial or one fresh start is no interval: it decides nothing (a single per-run value still stands)
  if (samples.kind === 'samples' && samples.values.length < 2) return { ...figure, untrusted: figure.untrusted ?? 'a single sample' };
  if (figure.level === null) return figure;
  const t = logTInterval(samples.values, level);
  if (!t) return figure;
  return { ...figure, median: t.centre, low: t.low, high: t.high, level, centre: 'geometric mean', spread: { n: t.n, logSd: t.logSd } };
}

/**
 * The ratio a/b of a per-scenario metric from paired rounds: in an interleaved run, trial r of a
 * and trial r of b ran within a minute of each other, so a slow minute of the machine (the host's
 * steal, say) moves both and their ratio less. The geometric mean of the per-round ratios with a t
 * interval at `level`; null when fewer than two rounds hold a clean trial of both (older files have
 * no rounds). Untrusted only when either side has fewer than two clean trials: noise widens the
 * interval, it never voids it.
 */
export function measurePairedRatio(id: MetricId, a: TargetResult, b: TargetResult, scenario: string, level = 0.95): Measured | null {
  const sa = a.scenarios.find((x) => x.name === scenario);
  const sb = b.scenarios.find((x) => x.name === scenario);
  if (!sa || !sb) return null;
  const m = roundRatio(id, { target: a, scenario: sa }, { target: b, scenario: sb }, (s) => untrustedReason(s)!, level);
  if (m && metricSpec(id).floorWhenClientBound) {
    const fa = clientBound(sa);
    const fb = clientBound(sb);
    if (fa || fb) m.bound = fa && fb ? 'unknown' : fa ? 'floor' : 'ceiling';
  }
  return m;
}

type Side = { target: TargetResult; scenario: ScenarioResult };

/**
 * Trials a paired round may use: for a metric the CPU moves (registry.ts cpuTimed), the clean ones
 * and the disturbed ones whose cores were read (what took their CPU is the covariate there, not a
 * reason to throw the round away); for memory, every trial.
 */
function pairableTrials(trials: readonly Trial[], id: MetricId): Trial[] {
  if (!metricSpec(id).cpuTimed) return [...trials];
  return trials.filter((t) => t.disturbed === undefined || t.interference?.serverCores !== undefined);
}

/** The share of the server's cores a trial lost to the host and to other processes (steal + foreign CPU) as a covariate; null without a reading. */
function serverShareLeft(t: Trial): number | null {
  const group = t.interference?.serverCores;
  return shareLeftCovariate(group ? group.stealPct + group.foreignPct : null);
}

/**
 * The ratios A/B of one metric from trials of the same round, in round order, with each round's
 * covariate log(share of the server's cores left to A) − log(share left to B) (null where a trial
 * has no reading: another host's cores, an older file). Steal and foreign CPU count alike: both
 * are CPU the trial did not get. The load generator's cores are not used: what they lose moves with
 * how hard each target drives them (a faster server keeps the client busier, and a busier core is
 * robbed more), so it is not independent of what is compared; on this VM it turned
 * go-nethttp/fastapi tool's 5.6× into 8.5×.
 */
export function perRoundRatios(id: MetricId, a: Side, b: Side): { ratios: number[]; covariate: (number | null)[] } {
  const spec = metricSpec(id);
  const ratios: number[] = [];
  const covariate: (number | null)[] = [];
  if (spec.scope !== 'scenario') return { ratios, covariate };
  const byRound = (s: ScenarioResult) => new Map(pairableTrials(s.trials, id).flatMap((t) => (t.round === undefined ? [] : [[t.round, t] as const])));
  // the registry reads clean trials only; a pairable disturbed trial is read as one
  const asClean = ({ disturbed: _disturbed, ...t }: Trial): Trial => t;
  const rb = byRound(b.scenario);
  for (const [round, ta] of [...byRound(a.scenario)].sort(([x], [y]) => x - y)) {
    const tb = rb.get(round);
    if (!tb) continue;
    const va = spec.samples(a.target, { ...a.scenario, trials: [asClean(ta)] }).values[0];
    const vb = spec.samples(b.target, { ...b.scenario, trials: [asClean(tb)] }).values[0];
    if (va === undefined || vb === undefined || !(vb > 0) || !(va > 0)) continue;
    ratios.push(va / vb);
    const ca = serverShareLeft(ta);
    const cb = serverShareLeft(tb);
    covariate.push(ca === null || cb === null ? null : ca - cb);
  }
  return { ratios, covariate };
}

/**
 * The interval of A/B from paired rounds at `level`: the per-round ratios' log-t interval, for
 * throughput and latency adjusted for the CPU each side lost in that round on the server's cores
 * (stats/log-t-interval.ts adjustedLogTInterval): theft by the host or a neighbour that hit one
 * trial of a round harder than the other is taken out rather than read as a difference. Null with
 * fewer than two rounds.
 */
export function pairedRatioInterval(id: MetricId, a: Side, b: Side, level: number): AdjustedLogTInterval | null {
  const { ratios, covariate } = perRoundRatios(id, a, b);
  const complete = covariate.every((c): c is number => c !== null);
  return adjustedLogTInterval(ratios, metricSpec(id).cpuTimed && complete ? (covariate as number[]) : null, level);
}

/** A over B from paired rounds at `level`; null with fewer than two paired rounds. */
function roundRatio(id: MetricId, a: Side, b: Side, mostlyDisturbed: (s: ScenarioResult) => string, level: number): Measured | null {
  const t = pairedRatioInterval(id, a, b, level);
  if (!t) return null;
  const m: Measured = { median: t.centre, low: t.low, high: t.high, level, centre: 'geometric mean', spread: { n: t.n, logSd: t.logSd } };
  // adjusted rounds use the disturbed trials too, so only an unadjusted ratio inherits their distrust
  const why = t.slope !== null || !metricSpec(id).cpuTimed ? [] : [a.scenario, b.scenario].filter((s) => untrustedReason(s) !== undefined).map(mostlyDisturbed);
  if (why.length > 0) m.untrusted = why.join('; ');
  return m;
}

/**
 * One target's metric on scenario `a` over the same on scenario `b`, from trials of the same
 * round (run minutes apart, not hours): the cost of one endpoint relative to another (an MCP
 * SDK's /mcp over the hand-written /tool). Null with fewer than two paired rounds.
 */
export function measureScenarioRatio(id: MetricId, target: TargetResult, a: string, b: string, level = 0.95): Measured | null {
  const sa = target.scenarios.find((x) => x.name === a);
  const sb = target.scenarios.find((x) => x.name === b);
  if (!sa || !sb) return null;
  return roundRatio(id, { target, scenario: sa }, { target, scenario: sb }, (s) => `${s.name} ${untrustedReason(s)!}`, level);
}

/** measure() as every table shows it, "68.4K (67.1K–69.0K)"; null when the file has no value. */
export function measuredText(id: MetricId, target: TargetResult, scenario: string | null): string | null {
  const m = measure(id, target, scenario);
  return m ? formatMeasured(metricSpec(id).unit, m) : null;
}

/** The size as every table shows it, with what it counts: "1.92 MB (static binary)". */
export function sizeText(target: TargetResult): string | null {
  const size = measuredText('size', target, null);
  return size !== null && target.sizeKind ? `${size} (${target.sizeKind})` : size;
}
