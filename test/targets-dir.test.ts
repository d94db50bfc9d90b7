// Targets from another folder (--targets-dir): listed beside the built-in ones, benchmarked by name,
// and every way the option can be wrong is one line and exit 2.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';

function folderWith(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-targets-'));
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'targets', 'go-nethttp', 'target.json'), 'utf8')) as { name: string; docker?: unknown };
  manifest.name = name;
  delete manifest.docker;
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, 'target.json'), JSON.stringify(manifest));
  return dir;
}

describe('--targets-dir', () => {
  it('lists a target from another folder beside the built-in ones', () => {
    const dir = folderWith('mine');
    const run = runCli(['targets', '--targets-dir', dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^mine\s+Go\s/m);
    expect(run.stdout).toMatch(/^axum\s+Rust\s/m);
  });

  it('benchmarks it by name', () => {
    const dir = folderWith('mine');
    const out = path.join(dir, 'result.json');
    const run = runCli(['bench', '--runtime', 'fake', '--targets-dir', dir, '--targets', 'mine', '--scenarios', 'json', '--duration', '0.3', '--warmup', '0', '--rewarm', '0', '--trials', '2', '--cold-starts', '1', '--connections', '2', '--no-report', '--out', out], { timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { targets: { name: string; status: string }[] };
    expect(result.targets.map((t) => [t.name, t.status])).toEqual([['mine', 'ok']]);
  });

  it('a missing folder, or a name defined twice, is one line and exit 2', () => {
    const missing = runCli(['targets', '--targets-dir', '/nonexistent/targets']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trimEnd()).toBe('langbench: --targets-dir /nonexistent/targets: no such folder');
    const twice = runCli(['targets', '--targets-dir', folderWith('axum')]);
    expect(twice.status).toBe(2);
    expect(twice.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(twice.stderr).toMatch(/target "axum" is defined twice: .*targets\/axum and .*\/axum; rename one folder/);
  });
});
