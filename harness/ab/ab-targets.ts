// A/B in one run: the same targets, built from another git revision, measured beside the working
// tree's in the same interleaved rounds. The other revision is checked out as a git worktree (one
// per repository the targets live in), removed again on exit, error and Ctrl-C.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { onCleanup } from '../lifecycle/cleanup.js';
import { loadTarget, type LoadedTarget } from '../targets/load-targets.js';
import { abSuffix } from './ab-suffix.js';

export interface AbTargets {
  /** the targets as they are at the revision, named `<name>-at-<short sha>` */
  base: LoadedTarget[];
  /** appended to each base target's name */
  suffix: string;
  rev: string;
  commit: string;
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Checks out `rev` beside each target's repository and loads the same targets from there. */
export function abTargets(targets: readonly LoadedTarget[], rev: string): AbTargets {
  const tops = new Map<string, string>();
  for (const t of targets) {
    const top = git(t.dir, ['rev-parse', '--show-toplevel']);
    if (top === null) throw new UsageError(`--ab ${rev}: target ${t.manifest.name} (${t.dir}) is not in a git repository; A/B needs the other revision from git`);
    tops.set(t.manifest.name, top);
  }
  const commits = new Map<string, string>();
  for (const top of new Set(tops.values())) {
    const commit = git(top, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    if (!commit) throw new UsageError(`--ab ${rev}: not a commit in ${top}; give a branch, tag or commit, e.g. --ab origin/main`);
    commits.set(top, commit);
  }
  const commit = [...commits.values()][0]!;
  const suffix = abSuffix(commit);
  const trees = new Map<string, string>();
  for (const [top, sha] of commits) {
    const tree = mkdtempSync(path.join(os.tmpdir(), 'langbench-ab-'));
    rmSync(tree, { recursive: true });
    if (git(top, ['worktree', 'add', '--detach', '--quiet', tree, sha]) === null) throw new Error(`--ab ${rev}: git worktree add failed in ${top}`);
    const remove = (): void => {
      git(top, ['worktree', 'remove', '--force', tree]);
      rmSync(tree, { recursive: true, force: true });
    };
    onCleanup(remove);
    process.once('exit', remove);
    trees.set(top, tree);
  }
  const base = targets.map((t) => {
    const top = tops.get(t.manifest.name)!;
    const dir = path.join(trees.get(top)!, path.relative(top, t.dir));
    if (!existsSync(path.join(dir, 'target.json'))) throw new UsageError(`--ab ${rev}: target ${t.manifest.name} does not exist at ${rev} (no ${path.relative(top, t.dir)}/target.json there)`);
    const loaded = loadTarget(dir);
    return { ...loaded, manifest: { ...loaded.manifest, name: `${loaded.manifest.name}${suffix}` } };
  });
  return { base, suffix, rev, commit };
}
