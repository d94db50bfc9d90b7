// Benchmark, not a test: does langbench's native cold start agree with an independent clock?
// For each native target (and the launcher floor), alternates langbench's own path (ProcessRuntime
// start + waitHealthy, as the bench runs it) with a small C program that shares no code with it
// (scripts/cold-start-crosscheck/spawn-and-poll.c: fork, exec taskset, poll /health), both timed
// from this machine's load-generator core with the server pinned to the server core.
//
//   npm run build && node dist/scripts/cold-start-crosscheck.js [--samples 20] [--targets axum,go-nethttp]
//
// Needs cc and built targets (npm run build:targets). Prints one line per target: medians, their
// difference, and the interquartile ranges. Loopback only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { quantile } from 'simple-statistics';
import { ProcessRuntime } from '../harness/runtime/process-runtime.js';
import { coldStartOnce } from '../harness/measure/cold-start.js';
import { freePort } from '../harness/net/free-port.js';
import { availableCpus, pinSelf } from '../harness/placement/available-cpus.js';
import { placeCpus } from '../harness/placement/cpu-placement.js';
import { formatCpuList } from '../harness/placement/cpu-list.js';
import { loadTarget, type LoadedTarget } from '../harness/targets/load-targets.js';
import { launchFloorTarget } from '../harness/targets/launch-floor.js';
import { repoRoot, targetsDir } from '../harness/paths.js';
import { seededRandom, shuffled } from '../harness/bench/schedule.js';
import { EXIT_USAGE } from '../harness/errors.js';
import { nativeSection } from '../harness/targets/native-section.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '20' }, targets: { type: 'string', default: 'axum,go-nethttp' } } });
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples < 3) {
  process.stderr.write(`cold-start-crosscheck: --samples must be an integer >= 3, got "${values.samples}"\n`);
  process.exit(EXIT_USAGE);
}

const placement = placeCpus(availableCpus(), 1);
const clock = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-crosscheck-')), 'spawn-and-poll');
execFileSync('cc', ['-O2', '-o', clock, path.join(repoRoot(), 'scripts', 'cold-start-crosscheck', 'spawn-and-poll.c')]);
const runtime = new ProcessRuntime();
const log = { info: () => {}, warn: (m: string) => process.stderr.write(`${m}\n`) };
const targets: LoadedTarget[] = [launchFloorTarget()!, ...values.targets.split(',').map((name) => loadTarget(path.join(targetsDir(), name)))];
const prepared = await Promise.all(targets.map((t) => runtime.prepare(t, log)));
if (!placement.shared) pinSelf(placement.loadgenCpus);

const ours = new Map<string, number[]>(targets.map((t) => [t.manifest.name, []]));
const theirs = new Map<string, number[]>(targets.map((t) => [t.manifest.name, []]));
const random = seededRandom(1);

async function independent(target: LoadedTarget): Promise<number> {
  const [command, ...args] = nativeSection(target).run as [string, ...string[]];
  const executable = command.includes('/') ? path.resolve(target.dir, command) : command;
  const out = execFileSync(clock, [String(await freePort()), 'taskset', '-c', formatCpuList(placement.serverCpus), executable, ...args], { cwd: target.dir, encoding: 'utf8' });
  return Number(out.trim());
}

for (let i = 0; i < samples; i++) {
  for (const index of shuffled(targets.map((_, k) => k), random)) {
    const target = targets[index]!;
    const name = target.manifest.name;
    // alternate which clock goes first, so neither always follows the other
    const pair = i % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    for (const who of pair) {
      if (who === 'ours') ours.get(name)!.push((await coldStartOnce(runtime, prepared[index]!, placement.serverCpus)).ms);
      else theirs.get(name)!.push(await independent(target));
    }
  }
}
await runtime.cleanup();

const fmt = (v: number): string => v.toFixed(2);
const iqr = (v: number[]): string => `${fmt(quantile(v, 0.25))}–${fmt(quantile(v, 0.75))}`;
process.stdout.write(`cold start, ms: median (IQR) over ${samples} starts each, server on core ${formatCpuList(placement.serverCpus)}, clocks on ${formatCpuList(placement.loadgenCpus)}\n`);
process.stdout.write(`${'target'.padEnd(14)} ${'langbench'.padEnd(20)} ${'independent'.padEnd(20)} difference\n`);
for (const t of targets) {
  const a = ours.get(t.manifest.name)!;
  const b = theirs.get(t.manifest.name)!;
  const d = quantile(a, 0.5) - quantile(b, 0.5);
  process.stdout.write(`${t.manifest.name.padEnd(14)} ${`${fmt(quantile(a, 0.5))} (${iqr(a)})`.padEnd(20)} ${`${fmt(quantile(b, 0.5))} (${iqr(b)})`.padEnd(20)} ${d >= 0 ? '+' : ''}${fmt(d)}\n`);
}
runtime.dispose();
