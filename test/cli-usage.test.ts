import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

describe('langbench bench rejects bad options before building anything', () => {
  it.each([
    [['--trials', '0'], /^langbench: --trials must be an integer >= 1, got "0"$/],
    [['--targets', 'cobol'], /^langbench: unknown target "cobol"; known targets: .*axum.*fastapi.*go-nethttp/],
    [['--cpus', 'abc'], /^langbench: --cpus must be an integer >= 1, got "abc"$/],
    [['--duration', '-1'], /^langbench: --duration must be a number of seconds above 0/],
    [['--runtime', 'vm'], /^langbench: --runtime must be one of/],
    [['--bogus'], /^error: unknown option '--bogus'/],
  ])('bench %j exits 2 with one line on stderr', (args, message) => {
    const run = runCli(['bench', ...args]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    expect(run.stdout).toBe('');
  });

  it('an unknown command exits 2 with one line', () => {
    const run = runCli(['benchh']);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('lists targets', () => {
    const run = runCli(['targets']);
    expect(run.status).toBe(0);
    for (const name of ['axum', 'go-nethttp', 'fastapi']) expect(run.stdout).toContain(name);
  });

  it('doctor reports cores, the Docker engine and toolchains, each with a fix when missing', () => {
    const run = runCli(['doctor'], { timeoutMs: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/cores\s+\d+ usable/);
    // every line is a check (ok or MISS, a name, a detail) or the fix under the check before it:
    // a MISS has exactly one fix, an ok has none, whatever this machine has or lacks
    const lines = run.stdout.trimEnd().split('\n');
    const checks: { ok: boolean; name: string; fix: boolean }[] = [];
    for (const line of lines) {
      const check = /^(ok  |MISS)  (\S+(?: \S+)*?)\s{2,}\S/.exec(line);
      if (check) checks.push({ ok: check[1] === 'ok  ', name: check[2]!, fix: false });
      else {
        expect(line, `neither a check nor a fix: ${JSON.stringify(line)}`).toMatch(/^\s+fix: \S/);
        const last = checks.at(-1);
        expect(last, `a fix line before any check: ${line}`).toBeDefined();
        expect(last!.fix, `two fix lines under ${last!.name}`).toBe(false);
        last!.fix = true;
      }
    }
    for (const check of checks) expect({ name: check.name, fix: check.fix }).toEqual({ name: check.name, fix: !check.ok });
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['cores', 'memory', 'docker engine', 'target axum', 'target fastapi', 'target go-nethttp']));
  });

  it('doctor refuses a bad --cpus rather than silently using 4, and reads --targets-dir like bench', () => {
    const bad = runCli(['doctor', '--cpus', 'abc'], { timeoutMs: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd()).toBe('langbench: --cpus must be an integer >= 1, got "abc"');
    const withExamples = runCli(['doctor', '--targets-dir', 'examples'], { timeoutMs: 30_000 });
    expect(withExamples.status).toBe(0);
    expect(withExamples.stdout).toMatch(/^(ok  |MISS)  target nginx\s/m);
  });
});
