// End to end on one real target: the compiled CLI builds go-nethttp, runs it as a process with
// short durations, and writes a result file whose every field we check.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot, runCli } from './support/run-cli.js';
import { resultFileSchema, type ResultFile } from '../harness/results/schema.js';
import { expectInterferenceRecorded } from './support/expect-interference.js';

const TARGET = 'go-nethttp';

/** pids of running processes started with LANGBENCH_TEST_MARKER=marker in their environment */
function processesMarked(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`LANGBENCH_TEST_MARKER=${marker}`)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

describe(`langbench bench --runtime process --targets ${TARGET}`, () => {
  let result: ResultFile;
  let run: ReturnType<typeof runCli>;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-e2e-'));
  const out = path.join(dir, 'result.json');
  const marker = `e2e-${process.pid}-${Date.now()}`;

  beforeAll(() => {
    run = runCli(
      ['bench', '--runtime', 'process', '--targets', TARGET, '--scenarios', 'json,tool', '--duration', '1', '--warmup', '0.5', '--trials', '3', '--max-reruns', '0', '--cold-starts', '3', '--connections', '16', '--out', out],
      { timeoutMs: 600_000, env: { LANGBENCH_TEST_MARKER: marker } },
    );
    if (run.status !== 0) throw new Error(`bench exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
    result = resultFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  });

  it('prints the summary table and where the result went', () => {
    expect(run.stdout).toMatch(/scenario json/);
    expect(run.stdout).toMatch(/requests\/s\s+\S+/);
    expect(run.stdout).toMatch(/clean trials\s+\d\/3/);
    expect(run.stdout).toContain(out);
  });

  it('records the run: version, commit, times, machine, every option', () => {
    expect(result.schemaVersion).toBe(1);
    expect(result.langbench.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(result.finishedAt)).toBeGreaterThan(Date.parse(result.startedAt));
    expect(result.machine.cores).toBe(os.cpus().length);
    expect(result.machine.memoryBytes).toBe(os.totalmem());
    expect(result.machine.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(result.machine.cpuModel.length).toBeGreaterThan(0);
    expect(result.options).toMatchObject({ targets: [TARGET], scenarios: ['json', 'tool'], runtime: 'process', runtimeUsed: 'process', cpus: 4, connections: 16, durationS: 1, warmupS: 0.5, trials: 3, coldStarts: 3 });
  });

  it('records the target with CPU placement, size, cold starts, memory and verification', () => {
    expect(result.targets).toHaveLength(1);
    const t = result.targets[0]!;
    expect(t).toMatchObject({ name: TARGET, language: 'Go', runtime: 'process', status: 'ok', verification: { passed: true, failures: [] } });
    expect(t.cpus.requested).toBe(4);
    expect(t.cpus.granted).toBe(Math.min(4, os.cpus().length - 1));
    expect(t.cpus.serverCpuset).not.toBe(t.cpus.loadgenCpuset);
    expect(t.sizeBytes).toBeGreaterThan(1_000_000);
    expect(t.coldStartMs.samples).toHaveLength(3);
    expect(t.coldStartMs.median).toBeGreaterThan(0);
    expect(t.coldStartMs.median).toBeLessThan(5000);
    expect(t.memory.idleRssBytes).toBeGreaterThan(1_000_000);
    // idle is a fresh server's (the median of the cold-start instances, read before any verification)
    expect(t.memory.idleRssSamples).toHaveLength(3);
    expect(t.memory.idleRssBytes).toBe([...t.memory.idleRssSamples!].sort((a, b) => a - b)[1]);
    // the peak bounds every reading: idle, after load, each trial's samples, and the kernel's VmHWM
    const peak = t.memory.peakRssBytes!;
    expect(peak).toBeGreaterThanOrEqual(t.memory.idleRssBytes!);
    expect(peak).toBeGreaterThanOrEqual(t.memory.idleAfterLoadBytes!);
    expect(peak).toBeGreaterThanOrEqual(Math.max(...t.scenarios.flatMap((s) => s.trials.map((tr) => tr.peakRssBytes))));
    expect(t.memory.peakKernelBytes).toBeGreaterThan(1_000_000);
    expect(peak).toBeGreaterThanOrEqual(t.memory.peakKernelBytes!);
    // process creation is timed apart from the start, as a container's is; the launcher floor is subtracted
    expect(t.coldStartMs.createMs).toHaveLength(3);
    expect(result.launchFloor?.samples).toHaveLength(3);
    expect(t.coldStartMs.serverMs).toBeCloseTo(t.coldStartMs.median! - result.launchFloor!.median!, 6);
    expect(t.memory.source).toBe('process-tree-rss');
  });

  it('records every trial of both scenarios with microsecond latencies and CPU', () => {
    const t = result.targets[0]!;
    expect(t.scenarios.map((s) => s.name)).toEqual(['json', 'tool']);
    for (const scenario of t.scenarios) {
      expect(scenario.trials).toHaveLength(3);
      expect(scenario.trials.map((t) => t.round)).toEqual([1, 2, 3]);
      for (const trial of scenario.trials) {
        expectInterferenceRecorded(t, trial);
        expect(trial.interference?.othersCpuPct).toBe(0);
        expect(trial.rps).toBeGreaterThan(100);
        expect(trial.errors + trial.non2xx + trial.timeouts).toBe(0);
        const l = trial.latencyUs;
        expect(l.p50).toBeGreaterThan(0);
        expect(l.p50).toBeLessThanOrEqual(l.p90);
        expect(l.p90).toBeLessThanOrEqual(l.p99);
        expect(l.p99).toBeLessThanOrEqual(l.p999);
        expect(l.p999).toBeLessThanOrEqual(l.max);
        // microsecond resolution: not every percentile a whole millisecond
        expect([l.p50, l.p90, l.p99].some((v) => v % 1000 !== 0)).toBe(true);
        expect(trial.clientCpuPct).toBeGreaterThan(0);
        expect(trial.serverCpuPct).toBeGreaterThan(0);
        expect(trial.peakRssBytes).toBeGreaterThan(0);
        expect(typeof trial.clientBound).toBe('boolean');
      }
      expect(scenario.summary.rps.median).toBeGreaterThan(0);
      expect(scenario.summary.rps.ci95.low).toBeLessThanOrEqual(scenario.summary.rps.median);
      expect(scenario.summary.rps.ci95.high).toBeGreaterThanOrEqual(scenario.summary.rps.median);
      expect(scenario.summary.p99Us.median).toBeGreaterThan(0);
    }
  });

  it('leaves no server process behind', () => {
    expect(processesMarked(marker)).toEqual([]);
  });
});

/**
 * Starts a 30 s-trial bench of TARGET in the background and resolves once its first trial is
 * running: idle-memory is the last phase before the first trial (warmup is 0), then 2.5 s more.
 */
async function benchInFirstTrial(extra: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [cliPath, 'bench', '--runtime', 'process', '--targets', TARGET, '--scenarios', 'json,tool', '--duration', '30', '--warmup', '0', '--trials', '2', '--cold-starts', '1', ...extra], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no trial started within 300 s:\n${stderr}`)), 300_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`${TARGET}: idle-memory`)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 2500)); // well inside the first 30 s trial
  return child;
}

describe('Ctrl-C during a trial', () => {
  it('stops the server and writes no result file', { timeout: 400_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-sigint-'));
    const out = path.join(dir, 'result.json');
    const marker = `sigint-${process.pid}-${Date.now()}`;
    const child = await benchInFirstTrial(['--out', out], { LANGBENCH_TEST_MARKER: marker });
    const before = processesMarked(marker);
    expect(before).toContain(child.pid); // the bench itself
    expect(before.length).toBeGreaterThan(1); // and the server it started
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(processesMarked(marker)).toEqual([]);
  });
});

describe('langbench killed with SIGKILL during a trial', () => {
  it('leaves its server running, and the next run stops it and takes over the lock', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-sigkill-'));
    const marker = `sigkill-${process.pid}-${Date.now()}`;
    const child = await benchInFirstTrial(['--scenarios', 'json', '--out', path.join(dir, 'killed.json')], { LANGBENCH_TEST_MARKER: marker, LANGBENCH_LOCK_FILE: path.join(dir, 'bench.lock') });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // no handler ran: the server (its own process group) outlived langbench, and so did the lock
    const orphans = processesMarked(marker);
    expect(orphans.length).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'bench.lock'))).toBe(true);

    const next = runCli(['bench', '--runtime', 'process', '--targets', TARGET, '--scenarios', 'json', '--duration', '0.5', '--warmup', '0', '--trials', '1', '--cold-starts', '1', '--no-report', '--out', path.join(dir, 'next.json')], {
      env: { LANGBENCH_LOCK_FILE: path.join(dir, 'bench.lock') },
      timeoutMs: 300_000,
    });
    expect(next.status).toBe(0);
    expect(next.stderr).toMatch(/stopped \d+ server process\(es\) left by a killed langbench run/);
    for (const pid of orphans) expect(existsSync(`/proc/${pid}`) && readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z').toBe(false);
  });
});
