// Benchmark, not a test: how often does the gate catch a real regression, and how often does it
// cry wolf, at a given number and length of trials? Draws trials from a real run (the "pool": a
// bench with many short trials, e.g. --trials 24 --duration 2), glues consecutive pool trials into
// trials of the wanted length (requests/s averaged, latencies from the merged HDR histograms),
// builds baseline and current result files by drawing with replacement, applies a known change to
// one target and scenario, and runs the real gate (gate/gate-results.ts) on them.
//
//   npm run build && node dist/scripts/gate-power.js --pool results/pool.json \
//     [--designs 6x10,8x7,10x5,12x4] [--iterations 400] [--cold-starts 10] [--markdown docs/gate-power.md]
//
// A design "NxD" is N trials of D seconds per side. Prints a Markdown table: for each design, the
// false-alarm rate (nothing changed: how often the gate exits 1) and the power (share of runs in
// which it flags the change) for a 10% requests/s drop, a 25% and a 50% P99 rise, and a 3× slower
// cold start, each applied to one target and scenario at a time and averaged over them.

import { parseArgs } from 'node:util';
import { readResultFile } from '../harness/results/read-result.js';
import type { ResultFile, Trial } from '../harness/results/schema.js';
import { cleanTrials } from '../harness/results/clean-trials.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { parseFloorOption, resolveGateConfig } from '../harness/gate/gate-config.js';
import { mergeEncoded, summarizeUs, encodeHistogram } from '../harness/load/latency-histogram.js';
import { seededRandom } from '../harness/bench/schedule.js';
import { writeFileAtomic } from '../harness/files/write-file-atomic.js';
import { EXIT_USAGE } from '../harness/errors.js';

const { values } = parseArgs({
  options: {
    pool: { type: 'string' },
    designs: { type: 'string', default: '6x10,8x7,10x5,12x4' },
    iterations: { type: 'string', default: '400' },
    'cold-starts': { type: 'string', default: '10' },
    markdown: { type: 'string' },
    seed: { type: 'string', default: '1' },
    floor: { type: 'string', multiple: true, default: [] },
    split: { type: 'string', default: 'pooled' },
  },
});
function usage(message: string): never {
  process.stderr.write(`gate-power: ${message}\n`);
  process.exit(EXIT_USAGE);
}
if (!values.pool) usage('--pool <result.json> is required: a bench run with many short trials, e.g. --trials 24 --duration 2');
const pool = readResultFile(values.pool);
const iterations = Number(values.iterations);
const coldStarts = Number(values['cold-starts']);
const designs = values.designs.split(',').map((d) => {
  const m = /^(\d+)x(\d+(?:\.\d+)?)$/.exec(d.trim());
  if (!m) usage(`--designs takes NxD items (N trials of D seconds), got "${d}"`);
  return { trials: Number(m[1]), durationS: Number(m[2]) };
});
const random = seededRandom(Number(values.seed));
const split = values.split;
if (split !== 'pooled' && split !== 'halves') usage(`--split must be pooled or halves, got "${split}"`);
// --floor METRIC=PCT as the gate takes it: the default config (langbench.gate.yaml aside) otherwise
const gateConfig = resolveGateConfig(null, { floors: Object.fromEntries(values.floor.map(parseFloorOption)) });
const poolDurationS = pool.options.durationS;

/** k consecutive pool trials as one longer trial. */
function glue(trials: Trial[]): Trial {
  const histogram = mergeEncoded(trials.map((t) => t.histogram!));
  try {
    return {
      ...trials[0]!,
      rps: trials.reduce((s, t) => s + t.rps, 0) / trials.length,
      latencyUs: summarizeUs(histogram),
      histogram: encodeHistogram(histogram),
      peakRssBytes: Math.max(...trials.map((t) => t.peakRssBytes)),
      durationS: trials.reduce((s, t) => s + (t.durationS ?? poolDurationS), 0),
    };
  } finally {
    histogram.destroy();
  }
}

/**
 * Per "target/scenario": the pool's clean trials glued into trials of durationS, in run order, split
 * in two: the first half of the run feeds baselines, the second half currents, so the minutes
 * between them (drift of the machine) count as they would between two runs.
 */
type Halves = { early: Map<string, Trial[]>; late: Map<string, Trial[]> };
function gluedPool(durationS: number): Halves {
  const k = Math.max(1, Math.round(durationS / poolDurationS));
  const halves: Halves = { early: new Map(), late: new Map() };
  for (const t of pool.targets) {
    for (const s of t.scenarios) {
      const ordered = [...cleanTrials(s.trials)].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
      const half = Math.floor(ordered.length / 2);
      const parts = split === 'halves' ? ([['early', ordered.slice(0, half)], ['late', ordered.slice(half)]] as const) : ([['early', ordered], ['late', ordered]] as const);
      for (const [side, part] of parts) {
        const glued: Trial[] = [];
        for (let i = 0; i + k <= part.length; i += k) glued.push(glue(part.slice(i, i + k)));
        halves[side].set(`${t.name}/${s.name}`, glued);
      }
    }
  }
  return halves;
}

const draw = <T>(items: readonly T[], n: number): T[] => Array.from({ length: n }, () => items[Math.floor(random() * items.length)]!);

type Change = { kind: 'none' } | { kind: 'rps' | 'p99'; factor: number; where: string } | { kind: 'coldStart'; factor: number; target: string };

function synthetic(trialsPool: Map<string, Trial[]>, side: 'early' | 'late', n: number, change: Change): ResultFile {
  const file = structuredClone(pool) as ResultFile;
  file.options.trials = n;
  file.options.coldStarts = coldStarts;
  for (const t of file.targets) {
    const all = t.coldStartMs.samples;
    const starts = split === 'pooled' ? all : side === 'early' ? all.slice(0, all.length >> 1) : all.slice(all.length >> 1);
    t.coldStartMs.samples = draw(starts, coldStarts).map((v) => (change.kind === 'coldStart' && change.target === t.name ? v * change.factor : v));
    t.memory.idleRssSamples = draw(t.memory.idleRssSamples ?? [], coldStarts);
    for (const s of t.scenarios) {
      const key = `${t.name}/${s.name}`;
      s.trials = draw(trialsPool.get(key)!, n).map((trial) => {
        if (change.kind === 'rps' && change.where === key) return { ...trial, rps: trial.rps * change.factor };
        if (change.kind === 'p99' && change.where === key) return { ...trial, latencyUs: { ...trial.latencyUs, p99: trial.latencyUs.p99 * change.factor } };
        return trial;
      });
    }
  }
  return file;
}

/** which checks raised the false alarms, for the note under the table */
const falseAlarms = new Map<string, number>();

/** whether the gate flagged the change (or, with none, anything at all) */
function flagged(baseline: ResultFile, current: ResultFile, change: Change): boolean {
  const outcome = gateResults(baseline, current, gateConfig);
  if (change.kind === 'none') {
    for (const f of outcome.failures) falseAlarms.set(`${f.target}/${f.scenario ?? '-'} ${f.metric}`, (falseAlarms.get(`${f.target}/${f.scenario ?? '-'} ${f.metric}`) ?? 0) + 1);
    return outcome.failures.length > 0;
  }
  return outcome.failures.some((f) =>
    change.kind === 'coldStart' ? f.metric === 'coldStart' && f.target === change.target : f.metric === change.kind && `${f.target}/${f.scenario}` === change.where,
  );
}

function rate(halves: Halves, n: number, changes: Change[]): number {
  let hits = 0;
  let runs = 0;
  for (const change of changes) {
    for (let i = 0; i < iterations; i++) {
      if (flagged(synthetic(halves.early, 'early', n, { kind: 'none' }), synthetic(halves.late, 'late', n, change), change)) hits++;
      runs++;
    }
  }
  return hits / runs;
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const lines: string[] = [];
const where = [...gluedPool(poolDurationS).early.keys()];
const targets = pool.targets.map((t) => t.name);
lines.push(`| design (trials × s) | load time per scenario | real trials | false alarm (no change) | 10% req/s drop | 25% P99 rise | 50% P99 rise | 3× cold start |`);
lines.push(`|---|---|---|---|---|---|---|---|`);
for (const d of designs) {
  const trialsPool = gluedPool(d.durationS);
  const smallest = Math.min(...[...trialsPool.early.values(), ...trialsPool.late.values()].map((v) => v.length));
  const cells = [
    rate(trialsPool, d.trials, [{ kind: 'none' }]),
    rate(trialsPool, d.trials, where.map((w) => ({ kind: 'rps', factor: 0.9, where: w }) as Change)),
    rate(trialsPool, d.trials, where.map((w) => ({ kind: 'p99', factor: 1.25, where: w }) as Change)),
    rate(trialsPool, d.trials, where.map((w) => ({ kind: 'p99', factor: 1.5, where: w }) as Change)),
    rate(trialsPool, d.trials, targets.map((t) => ({ kind: 'coldStart', factor: 3, target: t }) as Change)),
  ];
  lines.push(`| ${d.trials} × ${d.durationS} | ${d.trials * d.durationS} s | ${smallest} | ${cells.map(pct).join(' | ')} |`);
  process.stderr.write(`${d.trials}x${d.durationS} done\n`);
}
const header = [
  `Gate power from ${values.pool}: ${pool.targets.length} targets × ${pool.options.scenarios.length} scenarios, pool trials of ${poolDurationS} s, ` +
    `${iterations} simulated gate runs per cell and changed target/scenario, ${coldStarts} cold starts per side, gate config: alpha ${gateConfig.alpha}, Holm over every gated test, floors ${Object.entries(gateConfig.floors).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}%`).join(', ')}.`,
  '',
  split === 'halves'
    ? 'Baselines are drawn (with replacement) from the first half of the pool run, currents from the second half, so drift within the run counts as a difference between runs would. ' +
      '"Real trials" is how many distinct glued trials each draw comes from: where it is below the design\'s trials, draws repeat values and under-sample the spread, which makes drift look more certain than it is.'
    : 'Baselines and currents are both drawn (with replacement) from the whole pool run: the two runs differ only by chance, as two runs on a steady machine would. ' +
      '"Real trials" is how many distinct glued trials the draws come from.',
  '',
];
const alarmNote = falseAlarms.size
  ? ['', `False alarms came from: ${[...falseAlarms].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} (${n})`).join(', ')}.`]
  : [];
const text = [...header, ...lines, ...alarmNote, ''].join('\n');
process.stdout.write(text);
if (values.markdown) writeFileAtomic(values.markdown, text, { overwrite: true });

