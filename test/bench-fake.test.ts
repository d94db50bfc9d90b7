// The bench loop on the fake runtime: fast, no toolchain, every stage wired (result, reports, gate).
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './support/run-cli.js';
import { resultFileSchema, type ResultFile } from '../harness/results/schema.js';

// --rewarm 0: a fake's load is only waiting, and each spawnSync below blocks the test worker while it runs
const args = (out: string, extra: string[] = []) => [
  'bench', '--runtime', 'fake', '--targets', 'go-nethttp,axum', '--duration', '0.3', '--warmup', '0', '--rewarm', '0', '--scenarios', 'json,tool', '--trials', '6', '--cold-starts', '2', '--connections', '4', '--out', out, ...extra,
];

describe('langbench bench --runtime fake', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-fake-'));
  const first = path.join(dir, 'first.json');
  let result: ResultFile;

  beforeAll(() => {
    const run = runCli(args(first), { timeoutMs: 120_000 });
    if (run.status !== 0) throw new Error(`bench exited ${run.status}:\n${run.stderr}`);
    result = resultFileSchema.parse(JSON.parse(readFileSync(first, 'utf8')));
  });

  it('runs every target through verification and the trials, in the order asked', () => {
    expect(result.options.runtimeUsed).toBe('fake');
    expect(result.targets.map((t) => [t.name, t.runtime, t.status, t.verification.passed])).toEqual([
      ['go-nethttp', 'fake', 'ok', true],
      ['axum', 'fake', 'ok', true],
    ]);
    for (const t of result.targets) expect(t.scenarios.map((s) => s.trials.length)).toEqual([6, 6]);
    expect(result.warnings).toContain('fake runtime: numbers are synthetic, for testing langbench itself');
  });

  it('writes the Markdown and HTML reports next to the result', () => {
    expect(readFileSync(first.replace(/\.json$/, '.md'), 'utf8')).toMatch(/go-nethttp/);
    expect(readFileSync(first.replace(/\.json$/, '.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('--baseline gates after the run and prints the verdict', () => {
    const second = path.join(dir, 'second.json');
    const run = runCli(args(second, ['--baseline', first, '--no-report']), { timeoutMs: 120_000 });
    // the fake's figures are scripted (runtime/fake-script.ts): the same on every run, so no regression
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`gate against ${first}`);
    expect(existsSync(second)).toBe(true);
  });

  it('--baseline refuses before building anything when the trials cannot reach significance', () => {
    const few = JSON.parse(readFileSync(first, 'utf8')) as ResultFile;
    for (const t of few.targets) for (const s of t.scenarios) s.trials = s.trials.slice(0, 3);
    const fewPath = path.join(dir, 'few.json');
    writeFileSync(fewPath, JSON.stringify(few));
    const out = path.join(dir, 'never.json');
    const run = runCli(args(out, ['--baseline', fewPath]), { timeoutMs: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/cannot reach Holm's strictest level/);
    expect(run.stderr).not.toMatch(/build/);
    expect(existsSync(out)).toBe(false);
  });

  it('--baseline from another runtime is refused before the run', () => {
    const docker = JSON.parse(readFileSync(first, 'utf8')) as ResultFile;
    docker.options.runtimeUsed = 'docker';
    const dockerPath = path.join(dir, 'docker.json');
    writeFileSync(dockerPath, JSON.stringify(docker));
    const out = path.join(dir, 'never3.json');
    const run = runCli(args(out, ['--baseline', dockerPath]), { timeoutMs: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/ran on the docker runtime but this run on fake: .*rerun with --runtime docker$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('--baseline from another machine is refused before the run', () => {
    const other = JSON.parse(readFileSync(first, 'utf8')) as ResultFile;
    other.machine.fingerprint = '0000000000000000';
    other.machine.cpuModel = 'Apple M2';
    const otherPath = path.join(dir, 'other.json');
    writeFileSync(otherPath, JSON.stringify(other));
    const run = runCli(args(path.join(dir, 'never2.json'), ['--baseline', otherPath]), { timeoutMs: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/another machine/);
  });
});
