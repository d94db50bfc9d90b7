import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledManifest, SITE_PACKAGES } from '../scripts/sixteen-core/bundled-manifest.js';
import { loadAllTargets, loadTarget } from '../harness/targets/load-targets.js';
import { targetManifestSchema } from '../harness/targets/manifest-schema.js';
import { artifactIsFresh } from '../harness/targets/build-native.js';
import { repoRoot, targetsDir } from '../harness/paths.js';

const BUNDLE_SCRIPT = path.join(repoRoot(), 'scripts', 'sixteen-core-bundle.sh');
const reference = Object.fromEntries(loadAllTargets(targetsDir()).map((t) => [t.manifest.name, t.manifest]));
const temporary: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-sixteen-core-'));
  temporary.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  delete process.env.LANGBENCH_TARGETS_DIR;
});

describe('bundledManifest', () => {
  it('ships a binary target flat and runs the shipped file, with nothing to build', () => {
    const { manifest, copies, python } = bundledManifest(reference['axum']!);
    expect(python).toBe(false);
    expect(copies).toEqual([{ from: 'target/x86_64-unknown-linux-gnu/release/axum-target', to: 'axum-target' }]);
    expect(manifest.native).toMatchObject({ requires: [], build: [], run: ['./axum-target'], artifact: 'axum-target', sizePaths: ['axum-target'] });
    expect(manifest.docker).toBeUndefined();
    expect(targetManifestSchema.parse(manifest)).toEqual(manifest);
  });

  it('runs a virtualenv target with the machine python3 and its site-packages on PYTHONPATH, without the venv', () => {
    const { manifest, copies, python } = bundledManifest(reference['fastapi']!);
    expect(python).toBe(true);
    expect(copies.map((c) => c.to)).toEqual(['app.py', 'rpc.py', 'mcp_server.py', 'serve.py']);
    expect(manifest.native!.run).toEqual(['python3', 'serve.py']);
    expect(manifest.native!.runEnv.PYTHONPATH).toBe(SITE_PACKAGES);
    expect(manifest.native!.sizePaths).toEqual([SITE_PACKAGES, 'app.py', 'rpc.py', 'mcp_server.py', 'serve.py']);
    expect(JSON.stringify(manifest)).not.toContain('.venv');
    expect(targetManifestSchema.parse(manifest)).toEqual(manifest);
  });

  it('loads from a bundle folder as current, so bench never tries to build it there', () => {
    const dir = path.join(tempDir(), 'go-nethttp');
    const { manifest, copies } = bundledManifest(reference['go-nethttp']!);
    mkdirSync(dir, { recursive: true });
    for (const { to } of copies) writeFileSync(path.join(dir, to), 'binary');
    writeFileSync(path.join(dir, 'target.json'), JSON.stringify(manifest));
    expect(artifactIsFresh(loadTarget(dir))).toBe(true);
  });
});

describe('LANGBENCH_TARGETS_DIR', () => {
  it('replaces the checkout targets folder', () => {
    const dir = tempDir();
    expect(targetsDir()).toBe(path.join(repoRoot(), 'targets'));
    process.env.LANGBENCH_TARGETS_DIR = dir;
    expect(targetsDir()).toBe(dir);
  });
});

describe('sixteen-core-bundle.sh --check-size', () => {
  const checkSize = (dir: string, limitBytes: number) =>
    spawnSync('bash', [BUNDLE_SCRIPT, '--check-size', dir], { env: { ...process.env, SIXTEEN_CORE_LIMIT_BYTES: String(limitBytes) }, encoding: 'utf8' });

  it('passes a folder within the limit and prints the breakdown', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'node.xz'), Buffer.alloc(2 * 1024 * 1024));
    const run = checkSize(dir, 3 * 1024 * 1024);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/2\.00 MiB\s+node\.xz/);
    expect(run.stdout).toMatch(/2\.00 MiB\s+total \(limit 3\.00 MiB\)/);
  });

  it('fails a folder over the limit with the reason', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'node.xz'), Buffer.alloc(2 * 1024 * 1024));
    const run = checkSize(dir, 1024 * 1024);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('over the carry limit of 1048576 bytes');
  });
});
