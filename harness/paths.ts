// Where the checkout is, whether we run from harness/ (vitest) or dist/harness/ (compiled).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function repoRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'targets'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the langbench checkout above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  cached = dir;
  return dir;
}

// LANGBENCH_TARGETS_DIR: a bundle run on a machine without toolchains (scripts/sixteen-core-bench.sh)
// points at prebuilt targets whose manifests run the shipped artifacts instead of the checkout's sources.
export const targetsDir = (): string => process.env.LANGBENCH_TARGETS_DIR || path.join(repoRoot(), 'targets');
/** The package is a dependency of another project (under its node_modules), not a checkout. */
export const installedAsDependency = (): boolean => repoRoot().split(path.sep).includes('node_modules');

/** langbench's own files under results/ (the result schema, the article's claims) */
export const packageResultsDir = (): string => path.join(repoRoot(), 'results');

/**
 * Where result files go by default: the checkout's results/, or, when langbench is installed in
 * another project, that project's (the working directory's) results/ — never inside node_modules.
 */
export const resultsDir = (): string => (installedAsDependency() ? path.join(process.cwd(), 'results') : packageResultsDir());
