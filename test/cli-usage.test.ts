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
    expect(run.stdout).toMatch(/docker engine/);
    const lines = run.stdout.split('\n');
    lines.forEach((line, i) => {
      if (line.startsWith('MISS')) expect(lines[i + 1]).toMatch(/^\s+fix: /);
    });
  });
});
