import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { installedAsDependency, repoRoot } from './paths.js';
import path from 'node:path';

export function langbenchVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The checkout's commit, with "-dirty" when it has uncommitted changes; null outside git.
 * LANGBENCH_GIT_COMMIT overrides it: a bundle copied without .git (scripts/sixteen-core-bench.sh)
 * names the commit its code was built from.
 */
export function gitCommit(): string | null {
  if (process.env.LANGBENCH_GIT_COMMIT) return process.env.LANGBENCH_GIT_COMMIT;
  // installed from the registry: git would answer with the commit of the project that installed it
  if (installedAsDependency()) return null;
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return null;
  }
}
