// examples/nginx, a target written from targets/README.md alone: Debian's nginx run by a script
// (nothing to build), json only under its own contract, measured natively and as a local image it
// was never asked to build; its size is the real binary's and the real image's.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { dockerEngineForTests } from './support/docker-engine.js';
import { cliImageSize } from './support/docker-cli.js';
import { findOnPath } from '../harness/targets/required-commands.js';
import type { ResultFile } from '../harness/results/schema.js';

const nginx = findOnPath('nginx');
const required = process.env.CI === 'true' || process.env.LANGBENCH_REQUIRE_DOCKER === '1';
if (!nginx && required) {
  describe('nginx', () => {
    it('is installed (CI installs Debian nginx-light)', () => {
      throw new Error('nginx is not on PATH; .ci/run installs it (apt-get install nginx-light)');
    });
  });
} else if (!nginx) process.stderr.write('nginx-example.test: skipping, nginx is not installed\n');

const engine = nginx ? await dockerEngineForTests('nginx-example.test') : { available: false, apiVersion: undefined };
const quick = ['--targets-dir', path.join(repoRoot, 'examples'), '--targets', 'nginx', '--duration', '0.5', '--warmup', '0.3', '--rewarm', '0', '--trials', '2', '--cold-starts', '2', '--connections', '8', '--no-report'];

function bench(runtime: string): ResultFile {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-nginx-')), 'result.json');
  const run = runCli(['bench', '--runtime', runtime, ...quick, '--out', out], { timeoutMs: 240_000 });
  expect(run.status, run.stderr + run.stdout).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as ResultFile;
}

describe.skipIf(!nginx)('examples/nginx', () => {
  it('as a process: no build, json only, its own check, the binary\'s real size', () => {
    const result = bench('process');
    expect(result.options.targets).toEqual(['nginx']);
    const [target] = result.targets;
    expect(target!.status).toBe('ok');
    expect(target!.contract).toEqual({ kind: 'none', file: null });
    expect(target!.scenarios.map((s) => s.name)).toEqual(['json']);
    expect(target!.sizeBytes).toBe(statSync(realpathSync(nginx!)).size);
    expect(target!.scenarios[0]!.trials.every((t) => t.non2xx === 0 && t.errors === 0)).toBe(true);
  }, 300_000);

  describe.skipIf(!engine.available)('as its local image', () => {
    beforeAll(() => {
      execFileSync('sh', [path.join(repoRoot, 'examples', 'nginx', 'make-image.sh')], { stdio: 'ignore', env: { ...process.env, DOCKER_API_VERSION: process.env.DOCKER_API_VERSION ?? engine.apiVersion } });
    }, 120_000);

    it('used as it is (prebuilt), the image\'s real size', () => {
      const result = bench('docker');
      const [target] = result.targets;
      expect(target!.status).toBe('ok');
      expect(target!.runtime).toBe('docker');
      expect(target!.image!.build).toBe('prebuilt');
      expect(target!.image!.tag).toBe('langbench-example/nginx:local');
      expect(result.options.buildUsed).toBeNull();
      expect(target!.sizeBytes).toBe(cliImageSize('langbench-example/nginx:local', engine.apiVersion ?? undefined));
      expect(target!.scenarios[0]!.trials.length).toBeGreaterThanOrEqual(2);
    }, 300_000);
  });
});
