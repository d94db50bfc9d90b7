// Benchmark, not a test: does the adaptive, budgeted A/B gate hold its error rate on real trials,
// and how often does it catch a real change? Reads "pools": real `langbench bench --ab HEAD` runs,
// where each round measured every target twice (the working tree and the same code built from
// HEAD, so every difference between the two is noise), recorded on this machine under whatever
// noise it had (steal from the host, a busy loop). Each simulated run draws whole pool rounds with
// replacement (a round's trials stay together, so steal that hit a round hits both sides as it
// did), looks after the rounds the plan looks at exactly as `bench --ab` does (the gate on paired
// rounds at that look's level, stats/sequential.ts), and stops once no check is pending or at the
// last look the budget allows. False alarm: any check fails when nothing changed. Power: the
// changed check fails after the current side's samples are scaled by a stated effect.
//
//   npm run build && node dist/scripts/sequential-power.js --pool results/pool-aa.json [--pool …]
//     [--only go-nethttp:json] [--runs 200] [--budget 9m] [--first-look 6] [--markdown FILE]
//
// --only TARGET[:SCENARIO] (repeatable) keeps only those targets and scenarios of the pool: the
// design of a user's own A/B (one server, one scenario) rather than the pool's whole grid. Its
// rounds are shorter, so the same budget holds more of them, and its gate tests fewer checks.

import { parseArgs } from 'node:util';
import { readResultFile } from '../harness/results/read-result.js';
import type { ResultFile, TargetResult, Trial } from '../harness/results/schema.js';
import { gateSoFar, type GateOutcome } from '../harness/gate/gate-results.js';
import { resolveGateConfig, parseFloorOption } from '../harness/gate/gate-config.js';
import { splitAbResult } from '../harness/ab/split-ab-result.js';
import { abBaseName } from '../harness/ab/ab-suffix.js';
import { seededRandom } from '../harness/stats/seeded-random.js';
import { parseDuration, formatDuration } from '../harness/bench/budget.js';
import { estimatedRoundSeconds, tailSeconds } from '../harness/bench/stage-trials.js';
import { lookAlpha, looksOf, spacedLooks, type SequentialPlan } from '../harness/stats/sequential.js';
import { writeFileAtomic } from '../harness/files/write-file-atomic.js';
import { EXIT_USAGE } from '../harness/errors.js';
import type { MetricId } from '../harness/metrics/registry.js';

const { values } = parseArgs({
  options: {
    pool: { type: 'string', multiple: true, default: [] },
    only: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '200' },
    budget: { type: 'string', default: '9m' },
    'first-look': { type: 'string', default: '6' },
    'build-s': { type: 'string', default: '60' },
    floor: { type: 'string', multiple: true, default: [] },
    seed: { type: 'string', default: '1' },
    markdown: { type: 'string' },
  },
});
function usage(message: string): never {
  process.stderr.write(`sequential-power: ${message}\n`);
  process.exit(EXIT_USAGE);
}
if (values.pool.length === 0) usage('--pool <result.json> is required (repeatable): a `langbench bench --ab HEAD` run with many rounds');
const runs = Number(values.runs);
const budgetS = parseDuration('--budget', values.budget);
const firstLook = Number(values['first-look']);
const buildS = Number(values['build-s']);
const config = resolveGateConfig(null, { floors: Object.fromEntries(values.floor.map(parseFloorOption)) });

interface Effect {
  label: string;
  metric: MetricId;
  factor: number;
  apply(t: TargetResult, scenario: string): void;
}
const scaleTrials = (pick: (t: Trial) => void) => (t: TargetResult, scenario: string) => {
  for (const s of t.scenarios) if (s.name === scenario) for (const tr of s.trials) pick(tr);
};
const EFFECTS: Effect[] = [
  { label: '−10% requests/s', metric: 'rps', factor: 0.9, apply: scaleTrials((tr) => (tr.rps *= 0.9)) },
  { label: '−20% requests/s', metric: 'rps', factor: 0.8, apply: scaleTrials((tr) => (tr.rps *= 0.8)) },
  { label: '+25% P99', metric: 'p99', factor: 1.25, apply: scaleTrials((tr) => (tr.latencyUs = { ...tr.latencyUs, p99: tr.latencyUs.p99 * 1.25 })) },
  { label: '+50% P99', metric: 'p99', factor: 1.5, apply: scaleTrials((tr) => (tr.latencyUs = { ...tr.latencyUs, p99: tr.latencyUs.p99 * 1.5 })) },
  {
    label: '+20% idle memory',
    metric: 'idleRss',
    factor: 1.2,
    apply: (t) => {
      t.memory = { ...t.memory, idleRssSamples: (t.memory.idleRssSamples ?? []).map((v) => Math.round(v * 1.2)) };
    },
  },
  {
    label: '2× cold start',
    metric: 'coldStart',
    factor: 2,
    apply: (t) => {
      t.coldStartMs = { ...t.coldStartMs, samples: t.coldStartMs.samples.map((v) => v * 2) };
    },
  },
];

/** The pool's A/B suffix: the part after the base targets' names (`-at-<sha>`). */
function suffixOf(pool: ResultFile): string {
  const names = pool.targets.map((t) => t.name);
  for (const n of names) {
    const base = abBaseName(n);
    if (base !== n && names.includes(base)) return n.slice(base.length);
  }
  usage('the pool has no `<name>-at-<sha>` targets: record it with `langbench bench --ab HEAD`');
}

/** The rounds the pool holds, each trial keyed by target and scenario. */
function poolRounds(pool: ResultFile): number[] {
  const rounds = new Set<number>();
  for (const t of pool.targets) for (const s of t.scenarios) for (const tr of s.trials) if (tr.round !== undefined) rounds.add(tr.round);
  return [...rounds].sort((a, b) => a - b);
}

/**
 * One simulated run: the pool's rounds in a random order, without replacement (a round drawn twice
 * would count its noise twice and make the intervals look tighter than the machine allows); the
 * per-start samples redrawn with replacement.
 */
function drawRun(pool: ResultFile, rounds: number[], count: number, random: () => number): ResultFile {
  const order = [...rounds];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const picks = order.slice(0, count);
  const redraw = (xs: readonly number[]): number[] => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const targets = pool.targets.map((t) => ({
    ...t,
    coldStartMs: { ...t.coldStartMs, samples: redraw(t.coldStartMs.samples) },
    memory: { ...t.memory, idleRssSamples: redraw(t.memory.idleRssSamples ?? []) },
    scenarios: t.scenarios.map((s) => ({
      ...s,
      trials: picks.flatMap((round, i) => s.trials.filter((tr) => tr.round === round).map((tr) => ({ ...tr, round: i + 1 }))),
    })),
  }));
  return { ...pool, targets };
}

/** The run's first `rounds` rounds, as the bench sees them after that round. */
function upTo(run: ResultFile, rounds: number, plan: SequentialPlan): ResultFile {
  // the plan's last round ends the run whatever the data say: that look spends what is left
  const { stop: _stop, ...schedule } = run.schedule!;
  return {
    ...run,
    schedule: { ...schedule, rounds, sequential: plan, ...(rounds === plan.lastLook ? { stop: { reason: 'last-look' as const, pending: [], asked: 0 } } : {}) },
    targets: run.targets.map((t) => ({ ...t, scenarios: t.scenarios.map((s) => ({ ...s, trials: s.trials.filter((tr) => (tr.round ?? 0) <= rounds) })) })),
  };
}

interface Outcome {
  rounds: number;
  failed: Set<string>;
  decided: boolean;
}

/** Looks after each of the plan's looks; stops when nothing is pending, else at the last look. */
function sequentialGate(run: ResultFile, suffix: string, plan: SequentialPlan): Outcome {
  let last: GateOutcome | null = null;
  let rounds = 0;
  for (const r of looksOf(plan)) {
    rounds = r;
    const { baseline, current } = splitAbResult(upTo(run, r, plan), suffix);
    const outcome = gateSoFar(baseline, current, config, { baseline: 'A', current: 'B' }, { paired: true });
    if (!outcome) continue; // too few rounds for the level yet
    last = outcome;
    // as bench --ab does: any check the rounds could still move holds the run until its last look
    const pending = last.inconclusive.filter((k) => k.metric !== 'coldStart' && k.metric !== 'idleRss' && k.samplesToDecide !== null);
    if (pending.length === 0) break;
  }
  const failed = new Set((last?.failures ?? []).map((k) => `${k.target}/${k.scenario ?? '-'} ${k.metric}`));
  return { rounds, failed, decided: last !== null && last.inconclusive.length === 0 };
}

/** What the default budget leaves for rounds, from the pool's own trial settings. */
function planFor(pool: ResultFile, cells: number): { plan: SequentialPlan; roundS: number } {
  const rewarmS = pool.schedule?.rewarmS ?? 1;
  const roundS = estimatedRoundSeconds(cells, { rewarmS, durationS: pool.options.durationS });
  const coldS = pool.options.coldStarts * (pool.targets.length + 1) * 0.7;
  const room = budgetS - buildS - coldS - tailSeconds(pool.targets.length) - cells * Math.max(0, pool.options.warmupS - rewarmS);
  const lastLook = Math.max(firstLook, Math.min(30, Math.floor(room / roundS)));
  return { plan: { alpha: 0.05, firstLook, lastLook, looks: spacedLooks(firstLook, lastLook) }, roundS };
}

function pct(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(1)}%`;
}

const random = seededRandom(Number(values.seed));
const out: string[] = [];
/** The pool restricted to --only's targets and scenarios (both revisions of each). */
function restrict(pool: ResultFile, only: readonly string[]): ResultFile {
  if (only.length === 0) return pool;
  const wanted = only.map((o) => o.split(':') as [string, string | undefined]);
  const targets = pool.targets
    .filter((t) => wanted.some(([n]) => n === abBaseName(t.name)))
    .map((t) => ({ ...t, scenarios: t.scenarios.filter((s) => wanted.some(([n, sc]) => n === abBaseName(t.name) && (sc === undefined || sc === s.name))) }));
  if (targets.length === 0) usage(`--only ${only.join(', ')} matches no target of the pool`);
  return { ...pool, targets };
}

for (const file of values.pool) {
  const pool = restrict(readResultFile(file), values.only);
  const suffix = suffixOf(pool);
  const rounds = poolRounds(pool);
  const cells = pool.targets.reduce((n, t) => n + t.scenarios.length, 0);
  const budgetPlan = planFor(pool, cells);
  const roundS = budgetPlan.roundS;
  // never more rounds than the pool holds: each simulated round is a distinct real one
  const lastLook = Math.min(budgetPlan.plan.lastLook, rounds.length);
  const first = Math.min(budgetPlan.plan.firstLook, rounds.length);
  const plan: SequentialPlan = { alpha: budgetPlan.plan.alpha, firstLook: first, lastLook, looks: spacedLooks(first, lastLook) };
  const steal = pool.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials.map((tr) => Math.max(tr.interference?.serverCores?.stealPct ?? 0, tr.interference?.loadgenCores?.stealPct ?? 0))));
  const foreign = pool.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials.map((tr) => Math.max(tr.interference?.serverCores?.foreignPct ?? 0, tr.interference?.loadgenCores?.foreignPct ?? 0))));
  const share = (xs: number[], at: number) => pct(xs.filter((x) => x >= at).length, xs.length);
  out.push(`### ${file}${values.only.length ? ` (${values.only.join(', ')})` : ''}`, '');
  out.push(
    `${rounds.length} pool rounds, ${cells} cells a round (${pool.targets.map((t) => t.name).join(', ')}; ${[...new Set(pool.targets.flatMap((t) => t.scenarios.map((s) => s.name)))].join(', ')}), ${pool.options.durationS} s trials; ` +
      `trials with ≥ 10% steal on a core: ${share(steal, 10)}, with ≥ 10% foreign CPU: ${share(foreign, 10)}. ` +
      `Budget ${formatDuration(budgetS)} with ${formatDuration(buildS)} of builds: rounds of ~${formatDuration(roundS)}, room for ${budgetPlan.plan.lastLook} rounds${plan.lastLook < budgetPlan.plan.lastLook ? `, simulated up to the pool's ${plan.lastLook} distinct rounds (so the power is a floor)` : ''}; looks after rounds ${looksOf(plan).join(', ')} (alpha ${plan.alpha}; the last look's level ${(100 * (1 - lookAlpha(plan, plan.lastLook))).toFixed(2)}%).`,
    '',
  );
  const base = pool.targets.filter((t) => !t.name.endsWith(suffix));
  // A/A: nothing changed
  let alarms = 0;
  let roundsSum = 0;
  let decided = 0;
  const alarmChecks = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const o = sequentialGate(drawRun(pool, rounds, plan.lastLook, random), suffix, plan);
    roundsSum += o.rounds;
    if (o.decided) decided++;
    if (o.failed.size > 0) alarms++;
    for (const k of o.failed) alarmChecks.set(k, (alarmChecks.get(k) ?? 0) + 1);
  }
  const rows: string[][] = [['nothing (A/A)', pct(alarms, runs) + ' false alarms', (roundsSum / runs).toFixed(1), pct(decided, runs)]];
  for (const effect of EFFECTS) {
    let caught = 0;
    let trials = 0;
    let rSum = 0;
    for (const t of base) {
      const scenarios = effect.metric === 'idleRss' || effect.metric === 'coldStart' ? [null] : t.scenarios.map((s) => s.name);
      for (const scenario of scenarios) {
        for (let i = 0; i < Math.ceil(runs / (base.length * scenarios.length)); i++) {
          const run = drawRun(pool, rounds, plan.lastLook, random);
          effect.apply(run.targets.find((x) => x.name === t.name)!, scenario ?? '');
          const o = sequentialGate(run, suffix, plan);
          trials++;
          rSum += o.rounds;
          if (o.failed.has(`${t.name}/${scenario ?? '-'} ${effect.metric}`)) caught++;
        }
      }
    }
    rows.push([effect.label, pct(caught, trials) + ' caught', (rSum / trials).toFixed(1), '']);
  }
  out.push('| change in B | gate fails it | rounds run (mean) | all checks decided |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  if (alarmChecks.size > 0) out.push(`False alarms came from: ${[...alarmChecks].map(([k, n]) => `${k} (${n})`).join(', ')}.`, '');
}
const text = out.join('\n') + '\n';
process.stdout.write(text);
if (values.markdown) writeFileAtomic(values.markdown, text, { overwrite: true });
