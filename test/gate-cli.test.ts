// The compiled CLI as a real subprocess: exit codes, one-line stderr, the job summary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from './support/run-cli.js';
import { alterTrials, baseline, baselinePath, benchDefaults, fewerTrials, fixturesDir, later, noiseOnly, otherMachine, writeTemp } from './fixtures/results/variants.js';

/** `npm test` builds first; a bare `vitest run` of this file builds when dist is missing or stale */
beforeAll(() => {
  const built = path.join(repoRoot, 'dist', 'harness', 'gate', 'gate-command.js');
  const sources = ['harness/gate/gate-command.ts', 'harness/gate/gate-results.ts', 'harness/compare/compare-results.ts', 'harness/results/read-result.ts'];
  const stale = !existsSync(cliPath) || !existsSync(built) || sources.some((s) => statSync(path.join(repoRoot, s)).mtimeMs > statSync(built).mtimeMs);
  if (stale) {
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', repoRoot], { stdio: 'ignore' });
    } catch {
      // type errors elsewhere in the tree still emit JavaScript; the runs below tell whether it works
    }
  }
}, 180_000);

const cwd = mkdtempSync(path.join(tmpdir(), 'langbench-gate-cli-')); // no langbench.gate.yaml here
const gate = (args: string[], env: NodeJS.ProcessEnv = {}, dir = cwd) => runCli(['gate', ...args], { cwd: dir, env: { GITHUB_STEP_SUMMARY: '', ...env } });
const fixture = (name: string) => path.join(fixturesDir, name);

function expectOneLineError(run: { status: number | null; stderr: string; stdout: string }, message: RegExp): void {
  expect(run.status).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(run.stdout).toBe('');
}

describe('langbench gate exit codes', () => {
  it('0 on noise only, the table on stdout, nothing on stderr', () => {
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('noise.json', noiseOnly(baseline())), '--floor', 'coldStart=off']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^langbench gate: PASS: no regression$/m);
    expect(run.stdout).toMatch(/^target\s+scenario\s+metric\s+baseline\s+current\s+delta\s+95% CI\s+p \(raw\)\s+Holm p\s+n clean\s+floor\s+check$/m);
    expect(run.stdout).toMatch(/^decision: Hodges-Lehmann\/Moses intervals at the simultaneous level 99\.44% \(Bonferroni over 9 tests at alpha 0\.05\)/m);
    expect(run.stdout).toMatch(/^power: at 6 vs 6 samples, from the baseline's own spread .*false alarms \d/m);
  });

  it('4 when checks are undecided (the fixture\'s cold starts against the 10% floor); under GitHub Actions a ::warning:: names them and the fix', () => {
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('noise-cold.json', noiseOnly(baseline()))], { GITHUB_ACTIONS: 'true' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(4);
    expect(run.stdout).toMatch(/^langbench gate: INCONCLUSIVE: no regression found, but 3 checks could not be decided at this run's size$/m);
    expect(run.stdout).toMatch(/^INCONCLUSIVE axum cold start: .* straddles the 10% floor; about \d+ cold starts per side would likely decide it/m);
    expect(run.stdout).toMatch(/^::warning title=langbench gate: undecided checks::go-nethttp cold start: .*--ab$/m);
  });

  it('1 on a 20% throughput drop, the failed check marked', () => {
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('drop.json', alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))))]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^axum\s+json\s+requests\/s .*-20\.\d%.*✗ REGRESSED$/m);
    expect(run.stdout).toMatch(/^REGRESSION axum\/json requests\/s: regressed -20/m);
  });

  it('appends Markdown to $GITHUB_STEP_SUMMARY', () => {
    const summary = path.join(cwd, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('drop2.json', alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))))], { GITHUB_STEP_SUMMARY: summary });
    expect(run.status).toBe(1);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toMatch(/^### langbench gate: ❌ 1 regression$/m);
    expect(md).toMatch(/\| ❌ \*\*regressed\*\* \|$/m);
  });

  it('--markdown writes the report for a PR comment; nothing is written when the gate refuses', () => {
    const md = path.join(cwd, 'gate.md');
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('drop5.json', alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8)))), '--markdown', md]);
    expect(run.status).toBe(1);
    expect(readFileSync(md, 'utf8')).toMatch(/^### langbench gate: ❌ 1 regression$/m);
    const refused = path.join(cwd, 'refused.md');
    expect(gate(['--baseline', baselinePath, '--current', writeTemp('m3.json', otherMachine(baseline(), 2)), '--markdown', refused]).status).toBe(2);
    expect(existsSync(refused)).toBe(false);
  });

  it('--format json is machine-readable and keeps the exit code', () => {
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('drop3.json', alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8)))), '--format', 'json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'gate', exitCode: 1, failures: [{ target: 'axum', metric: 'rps' }] });
  });

  it('a checked-in langbench.gate.yaml in the working directory is used; --config overrides it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'langbench-gate-config-'));
    writeFileSync(path.join(dir, 'langbench.gate.yaml'), 'floors:\n  rps: 30\n  coldStart: off\n');
    const drop = writeTemp('drop4.json', alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))));
    const auto = gate(['--baseline', baselinePath, '--current', drop], {}, dir);
    expect(auto.status).toBe(0);
    expect(auto.stdout).toMatch(/^gate config: .*langbench\.gate\.yaml$/m);
    const strict = path.join(dir, 'strict.json');
    writeFileSync(strict, '{"floors": {"rps": 10}}');
    expect(gate(['--baseline', baselinePath, '--current', drop, '--config', strict], {}, dir).status).toBe(1);
    expect(gate(['--baseline', baselinePath, '--current', drop, '--floor', 'rps=25'], {}, dir).status).toBe(0);
  });

  it('a default bench run (3 targets x 2 scenarios, 6 trials, 5 cold starts) gates: exit 0, cold start reported as not tested', () => {
    const base = writeTemp('bench-base.json', benchDefaults(baseline()));
    const run = gate(['--baseline', base, '--current', writeTemp('bench-noise.json', noiseOnly(benchDefaults(baseline())))]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^langbench gate: PASS: no regression$/m);
    expect(run.stdout).toMatch(/Holm-Bonferroni over 18 tests at alpha 0\.05/);
    for (const t of ['go-nethttp', 'axum', 'fastapi']) {
      expect(run.stdout).toContain(`note: ${t} cold start: not tested: 5 vs 5 fresh starts can reach only p = 0.0079, above Holm's strictest level 0.0024; use --cold-starts 6 or more on both runs to test it\n`);
    }
  });

  it('the checked-in langbench.gate.yaml leaves idle RSS off: the default bench run gates from the repository root', () => {
    const base = writeTemp('bench-base2.json', benchDefaults(baseline(), 7));
    const run = gate(['--baseline', base, '--current', writeTemp('bench-noise2.json', noiseOnly(benchDefaults(baseline(), 7)))], {}, repoRoot);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^gate config: .*langbench\.gate\.yaml$/m);
    expect(run.stdout).toMatch(/Holm-Bonferroni over 21 tests at alpha 0\.05/);
    expect(run.stdout).not.toMatch(/idle RSS/);
  });

  it('--allow-cross-machine gates on ratios (no regression for the same code on a faster machine; ratios are noisier, so exit 0 or 4)', () => {
    const run = gate(['--baseline', baselinePath, '--current', writeTemp('m2.json', otherMachine(baseline(), 1.7)), '--allow-cross-machine']);
    expect([0, 4]).toContain(run.status);
    expect(run.stdout).not.toMatch(/^REGRESSION/m);
    expect(run.stdout).toMatch(/ratio to go-nethttp/);
  });
});

describe('langbench gate refuses with exit 2 and one line on stderr', () => {
  const dir = path.join(cwd, 'a-directory.json');
  mkdirSync(dir, { recursive: true });
  it.each([
    ['non-existent file', () => ['--current', '/nonexistent/current.json'], /^langbench: \/nonexistent\/current\.json: no such file/],
    ['malformed JSON', () => ['--current', fixture('bad-malformed.json')], /^langbench: .*bad-malformed\.json: not valid JSON \(/],
    ['truncated JSON', () => ['--current', fixture('bad-truncated.json')], /^langbench: .*bad-truncated\.json: truncated JSON .*rerun it$/],
    ['empty file', () => ['--current', fixture('bad-empty.json')], /^langbench: .*bad-empty\.json: empty file/],
    ['wrong schemaVersion', () => ['--current', fixture('bad-schema-version.json')], /^langbench: .*bad-schema-version\.json: result schemaVersion 99 is not supported \(this langbench reads 1\); .*newer langbench/],
    ['schema-invalid', () => ['--current', fixture('bad-wrong-schema.json')], /^langbench: .*bad-wrong-schema\.json: does not match the result schema: targets\.0\.coldStartMs\.samples: /],
    ['not a result file', () => ['--current', fixture('bad-not-a-result.json')], /^langbench: .*bad-not-a-result\.json: not a langbench result file \(no schemaVersion field\)/],
    ['a directory', () => ['--current', dir], /^langbench: .*a-directory\.json: is a directory/],
    ['different machines', () => ['--current', writeTemp('other.json', otherMachine(baseline(), 1.5))], /^langbench: .*baseline\.json and .*other\.json come from different machines .*--allow-cross-machine/],
    [
      'too few trials',
      () => ['--current', writeTemp('few.json', fewerTrials(later(baseline(), 1), 3))],
      /^langbench: too few trials to gate at alpha 0\.05: 9 tests put the simultaneous \(Bonferroni\) level at 0\.0056, but 6 vs 3 trials can reach only p = 0\.024 \(go-nethttp\/json requests\/s\); need at least 6 per side: rerun with --trials\/--cold-starts 6 or more \(baseline too\), raise --alpha, or set floors off for metrics you do not gate$/,
    ],
    ['bad --alpha', () => ['--current', baselinePath, '--alpha', '1.5'], /^langbench: --alpha "1\.5" is not a significance level/],
    ['bad --floor', () => ['--current', baselinePath, '--floor', 'p98=3'], /^langbench: --floor "p98=3" is not METRIC=PERCENT/],
    ['bad --format', () => ['--current', baselinePath, '--format', 'html'], /^langbench: --format "html" is not one of table, markdown, json/],
    ['missing config file', () => ['--current', baselinePath, '--config', '/nonexistent/gate.yaml'], /^langbench: \/nonexistent\/gate\.yaml: cannot read gate config \(no such file\)/],
    ['same file twice', () => ['--current', baselinePath], /^langbench: --baseline and --current are the same file/],
  ])('%s', (_name, args, message) => {
    expectOneLineError(gate(['--baseline', baselinePath, ...args()]), message);
  });

  it('an invalid config is refused before the result files are read', () => {
    const bad = path.join(cwd, 'bad-gate.yaml');
    writeFileSync(bad, 'floors:\n  rsp: 5\n');
    expectOneLineError(gate(['--baseline', '/nonexistent/a.json', '--current', '/nonexistent/b.json', '--config', bad]), /^langbench: .*bad-gate\.yaml: invalid gate config at floors: Unrecognized key/);
  });

  it('a missing required option', () => {
    expectOneLineError(gate(['--baseline', baselinePath]), /^error: required option '--current <file>' not specified/);
  });
});

describe('langbench compare', () => {
  const drop = () => writeTemp('cmp-drop.json', later(alterTrials(baseline(), 'axum', (t) => (t.rps = Math.round(t.rps * 0.8))), 2));
  it.each([
    ['table', /^axum\s+json\s+requests\/s .*-20\.\d%/m],
    ['markdown', /^\| axum \| json \| requests\/s \| .* \| -20\.\d% \|/m],
    ['json', /"kind": "compare"/],
  ])('--format %s exits 0', (format, expected) => {
    const run = runCli(['compare', baselinePath, drop(), '--format', format], { cwd });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(expected);
  });

  it('three files give a trend, oldest first', () => {
    const run = runCli(['compare', drop(), baselinePath, writeTemp('cmp-noise.json', noiseOnly(baseline()))], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^langbench trend over 3 files/);
    const header = run.stdout.split('\n').find((l) => l.startsWith('target'))!;
    expect(header.indexOf('baseline.json')).toBeLessThan(header.indexOf('cmp-noise.json'));
    expect(header.indexOf('cmp-noise.json')).toBeLessThan(header.indexOf('cmp-drop.json'));
  });

  it('a bad file is exit 2 with one line naming it', () => {
    expectOneLineError(runCli(['compare', baselinePath, fixture('bad-truncated.json')], { cwd }), /^langbench: .*bad-truncated\.json: truncated JSON/);
  });
});
