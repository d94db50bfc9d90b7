// Benchmark, not a test: how much of the round-to-round spread of A/A ratios the covariates
// explain. Reads `bench --ab HEAD` pools (both sides the same code, so every difference is noise)
// and prints, per target and scenario, the spread of the per-round log-ratios of requests/s and
// P99: raw (clean trials only), adjusted for steal on the server's cores only (clean trials), and
// as the harness adjusts them now (the CPU lost to steal and foreign work on both core groups,
// disturbed trials kept; harness/metrics/measure.ts pairedRatioInterval).
//
//   npm run build && node dist/scripts/pool-spread.js results/pools/aa-ambient.json [more pools…]

import { readResultFile } from '../harness/results/read-result.js';
import { abBaseName } from '../harness/ab/ab-suffix.js';
import { cleanTrials } from '../harness/results/clean-trials.js';
import { adjustedLogTInterval, shareLeftCovariate } from '../harness/stats/log-t-interval.js';
import { pairedRatioInterval } from '../harness/metrics/measure.js';
import { metricSpec, type MetricId } from '../harness/metrics/registry.js';
import type { ScenarioResult, TargetResult } from '../harness/results/schema.js';
import { EXIT_USAGE } from '../harness/errors.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('pool-spread: name one or more `langbench bench --ab HEAD` result files\n');
  process.exit(EXIT_USAGE);
}

type Side = { target: TargetResult; scenario: ScenarioResult };

/** Clean trials only, adjusted (or not) for steal on the server's cores: the rule before covariates of lost CPU. */
function stealOnly(id: MetricId, a: Side, b: Side, adjust: boolean): { sd: number; n: number } | null {
  const spec = metricSpec(id);
  const byRound = (s: ScenarioResult) => new Map(cleanTrials(s.trials).flatMap((t) => (t.round === undefined ? [] : [[t.round, t] as const])));
  const rb = byRound(b.scenario);
  const ratios: number[] = [];
  const covariate: number[] = [];
  for (const [round, ta] of byRound(a.scenario)) {
    const tb = rb.get(round);
    if (!tb) continue;
    const va = spec.samples(a.target, { ...a.scenario, trials: [ta] }).values[0]!;
    const vb = spec.samples(b.target, { ...b.scenario, trials: [tb] }).values[0]!;
    ratios.push(va / vb);
    covariate.push(shareLeftCovariate(ta.interference?.serverCores?.stealPct)! - shareLeftCovariate(tb.interference?.serverCores?.stealPct)!);
  }
  const t = adjustedLogTInterval(ratios, adjust && covariate.every(Number.isFinite) ? covariate : null, 0.95);
  return t ? { sd: t.residualSd, n: t.n } : null;
}

const rows: string[] = ['| pool | target · scenario | metric | raw (clean) | steal on the server cores (clean) | lost CPU on both groups (all trials) |', '|---|---|---|---|---|---|'];
for (const file of files) {
  const pool = readResultFile(file);
  const bases = pool.targets.filter((t) => abBaseName(t.name) === t.name);
  for (const b of bases) {
    const a = pool.targets.find((t) => t !== b && abBaseName(t.name) === b.name);
    if (!a) continue;
    for (const sb of b.scenarios) {
      const sa = a.scenarios.find((s) => s.name === sb.name);
      if (!sa) continue;
      for (const id of ['rps', 'p99'] as const) {
        const A = { target: a, scenario: sa };
        const B = { target: b, scenario: sb };
        const raw = stealOnly(id, A, B, false);
        const steal = stealOnly(id, A, B, true);
        const now = pairedRatioInterval(id, A, B, 0.95);
        const cell = (x: { sd: number; n: number } | null) => (x ? `${x.sd.toFixed(3)} (${x.n} rounds)` : '—');
        rows.push(`| ${file.split('/').pop()} | ${b.name} · ${sb.name} | ${metricSpec(id).label} | ${cell(raw)} | ${cell(steal)} | ${cell(now ? { sd: now.residualSd, n: now.n } : null)} |`);
      }
    }
  }
}
process.stdout.write(rows.join('\n') + '\n');
