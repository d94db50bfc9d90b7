// A short Docker bench of the three reference targets, for real: memory means one thing on every
// target (idle = a fresh container's cgroup, peak bounds idle and after-load), trials run in
// interleaved rounds with the others paused, every scenario (the MCP ones verified with the official client inside least-privilege containers), and nothing is left behind.
// Without an engine: skipped with the reason, or failed when LANGBENCH_REQUIRE_DOCKER=1.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliAsync } from './support/run-cli.js';
import { dockerEngineForTests } from './support/docker-engine.js';
import { resultFileSchema, type ResultFile } from '../harness/results/schema.js';

const engine = await dockerEngineForTests('bench-memory-docker.test');

describe.skipIf(!engine.available)('langbench bench --runtime docker, all three targets', () => {
  let result: ResultFile;
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-docker-bench-')), 'result.json');

  beforeAll(async () => {
    const run = await runCliAsync(
      ['bench', '--runtime', 'docker', '--duration', '1', '--warmup', '0.5', '--rewarm', '0.3', '--trials', '2', '--cold-starts', '2', '--max-reruns', '0', '--connections', '16', '--no-report', '--out', out],
      { timeoutMs: 1_500_000 },
    );
    if (run.status !== 0) throw new Error(`bench exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
    result = resultFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  }, 1_600_000);

  it('measures every target on docker', () => {
    expect(result.targets.map((t) => [t.name, t.runtime, t.status])).toEqual([
      ['axum', 'docker', 'ok'],
      ['fastapi', 'docker', 'ok'],
      ['go-nethttp', 'docker', 'ok'],
    ]);
  });

  it('peak memory is at least idle and at least after-load, for every target', () => {
    for (const t of result.targets) {
      const m = t.memory;
      expect(m.idleRssBytes, t.name).toBeGreaterThan(100_000);
      expect(m.idleAfterLoadBytes, t.name).toBeGreaterThan(100_000);
      expect(m.peakRssBytes!, t.name).toBeGreaterThanOrEqual(m.idleRssBytes!);
      expect(m.peakRssBytes!, t.name).toBeGreaterThanOrEqual(m.idleAfterLoadBytes!);
      expect(m.peakRssBytes!, t.name).toBeGreaterThanOrEqual(m.peakSampledBytes!);
      // the cgroup's own mark counts page cache: recorded beside, never below what it bounds
      expect(m.peakKernelSource, t.name).toMatch(/cgroup memory\.(max_usage_in_bytes|peak)/);
      expect(m.peakKernelBytes!, t.name).toBeGreaterThanOrEqual(m.peakSampledBytes!);
    }
  });

  it('runs the trials in interleaved rounds with the other targets paused', () => {
    expect(result.schedule).toMatchObject({ kind: 'interleaved', freeze: 'docker pause (cgroup freezer)' });
    const trials = result.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials));
    // three targets, four scenarios (json, tool, mcp, mcp-session), two trials each
    expect(trials).toHaveLength(3 * 4 * 2);
    // every trial of round 1 ran before every trial of round 2
    const lastOfRound1 = Math.max(...trials.filter((t) => t.round === 1).map((t) => t.sequence!));
    const firstOfRound2 = Math.min(...trials.filter((t) => t.round === 2).map((t) => t.sequence!));
    expect(lastOfRound1).toBeLessThan(firstOfRound2);
    // a paused container uses no CPU while another is measured
    for (const t of trials) expect(t.interference!.othersCpuPct).toBeLessThan(1);
  });

  it('leaves no container behind', () => {
    const left = execFileSync('docker', ['ps', '-aq', '--filter', 'label=dev.langbench'], { encoding: 'utf8', env: { ...process.env, DOCKER_API_VERSION: process.env.DOCKER_API_VERSION ?? '1.41' } });
    expect(left.trim()).toBe('');
  });
});
