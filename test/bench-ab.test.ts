// A/B in one run: --ab <rev> measures the same targets built from another revision in the same
// rounds and gates the working tree against them; bad uses are one line and exit 2.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { splitAbResult } from '../harness/ab/split-ab-result.js';
import type { ResultFile } from '../harness/results/schema.js';

const args = (out: string, extra: string[]) => [
  'bench', '--runtime', 'fake', '--targets', 'go-nethttp', '--scenarios', 'json', '--duration', '0.3', '--warmup', '0', '--rewarm', '0', '--trials', '6', '--cold-starts', '2', '--connections', '2', '--no-report', '--out', out, ...extra,
];
const worktrees = (): string => execFileSync('git', ['-C', repoRoot, 'worktree', 'list'], { encoding: 'utf8' });

describe('langbench bench --ab <rev>', () => {
  it('measures both revisions in the same rounds, gates them, and removes its worktree', () => {
    const before = worktrees();
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-ab-')), 'ab.json');
    const run = runCli(args(out, ['--ab', 'HEAD']), { timeoutMs: 180_000 });
    expect(run.status, run.stderr).toBe(0);
    const sha = execFileSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const result = JSON.parse(readFileSync(out, 'utf8')) as ResultFile;
    expect(result.targets.map((t) => t.name)).toEqual([`go-nethttp-at-${sha.slice(0, 8)}`, 'go-nethttp']);
    // one trial of each per round
    for (const t of result.targets) expect(t.scenarios[0]!.trials.map((x) => x.round)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.stdout).toContain(`gate: working tree against HEAD (${sha.slice(0, 12)}), measured in the same rounds:`);
    expect(run.stdout).toMatch(/langbench gate: PASS: no regression/);
    expect(worktrees()).toBe(before);
  });

  it('splits one result into the revision (suffix removed) and the working tree', () => {
    const r = { targets: [{ name: 'axum-at-1234abcd' }, { name: 'axum' }] } as unknown as ResultFile;
    const { baseline, current } = splitAbResult(r, '-at-1234abcd');
    expect(baseline.targets.map((t) => t.name)).toEqual(['axum']);
    expect(current.targets.map((t) => t.name)).toEqual(['axum']);
    expect(current.targets[0]).toBe(r.targets[1]);
  });

  it('without --trials the rounds are adaptive: the gate is asked after each round and the run stops once it is decided', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-ab-')), 'adaptive.json');
    const adaptive = args(out, ['--ab', 'HEAD', '--budget', '2m']).filter((a, i, all) => a !== '--trials' && all[i - 1] !== '--trials');
    const run = runCli(adaptive, { timeoutMs: 180_000 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    // the fake's revisions are identical: decided at the first look, round 6, not at the plan's last
    expect(result.schedule.stop).toMatchObject({ reason: 'decided', pending: [] });
    expect(result.schedule.rounds).toBe(6);
    expect(result.schedule.sequential).toMatchObject({ alpha: 0.05, firstLook: 6 });
    expect(result.schedule.sequential.lastLook).toBeGreaterThan(6);
    // spaced looks: 6, 9, … up to the last round the budget holds
    expect(result.schedule.sequential.looks.slice(0, 2)).toEqual([6, 9]);
    expect(result.schedule.sequential.looks.at(-1)).toBe(result.schedule.sequential.lastLook);
    expect(run.stderr).toMatch(/round 1 took .*asked comparisons undecided \(gate go-nethttp\/json rps/);
    expect(run.stdout).toMatch(/the error budget of the look after round 6 of this run's sequential plan \(alpha 0\.05 over looks after rounds 6, 9/);
  });

  it.each([
    [['--ab', 'no-such-branch-xyz'], /^langbench: --ab no-such-branch-xyz: not a commit in .*; give a branch, tag or commit/],
    [['--ab', 'HEAD', '--baseline', 'results/baseline.json'], /^langbench: --ab and --baseline both gate the run: use one/],
    [['--ab', 'HEAD', '--trials', '3'], /^langbench: --ab gates the two revisions against each other: use --trials 6 or more \(or leave --trials out: rounds then go on until the gate is decided or --budget is spent\), got 3/],
  ])('%j is one line and exit 2', (extra, message) => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-ab-')), 'never.json');
    // a repeated option takes its last value, so '--trials 3' here overrides the 6 above
    const run = runCli(args(out, extra as string[]), { timeoutMs: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
