// What `npm pack` would publish: langbench and the targets' sources, never their build outputs
// (cargo's target/, a .venv, Go's bin/: 45 MB and a crashing npm pack once the targets were built).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './support/run-cli.js';

describe('npm pack', () => {
  it('carries the targets\' sources and no build output, whatever has been built here', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    const [pack] = JSON.parse(out) as { size: number; files: { path: string }[] }[];
    const paths = pack!.files.map((f) => f.path);
    expect(paths.filter((p) => /^targets\/[^/]+\/(target|\.venv|bin|build)\//.test(p) || p.includes('__pycache__') || p.startsWith('scripts/launch-floor/bin/'))).toEqual([]);
    for (const source of ['targets/axum/src/main.rs', 'targets/go-nethttp/main.go', 'targets/fastapi/app.py', 'targets/contract.json', 'scripts/launch-floor/ready-at-once.c', 'dist/harness/cli.js']) {
      expect(paths).toContain(source);
    }
    expect(pack!.size).toBeLessThan(2_000_000);
  });
});
