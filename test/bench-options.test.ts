import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../harness/bench/bench-options.js';
import { UsageError } from '../harness/errors.js';

const known = { targets: ['axum', 'fastapi', 'go-nethttp'], scenarios: ['json', 'tool'] };

describe('parseBenchOptions', () => {
  it('fills the documented defaults', () => {
    expect(parseBenchOptions({}, known)).toMatchObject({
      targets: known.targets,
      scenarios: ['json', 'tool'],
      runtime: 'auto',
      build: 'auto',
      cpus: 4,
      connections: 64,
      durationS: 10,
      warmupS: 3,
      trials: 6,
      coldStarts: 5,
      memoryBytes: 1024 ** 3,
      out: null,
      force: false,
    });
  });

  it.each([
    [{ trials: '0' }, /--trials must be an integer >= 1, got "0"/],
    [{ cpus: 'abc' }, /--cpus must be an integer >= 1, got "abc"/],
    [{ cpus: '2.5' }, /--cpus/],
    [{ connections: '-3' }, /--connections/],
    [{ duration: '0' }, /--duration must be a number of seconds above 0/],
    [{ duration: 'ten' }, /--duration/],
    [{ warmup: '-1' }, /--warmup/],
    [{ coldStarts: 'x' }, /--cold-starts/],
    [{ targets: 'axum,nodejs' }, /unknown target "nodejs"; known targets: axum, fastapi, go-nethttp/],
    [{ scenarios: 'json,plaintext' }, /unknown scenario "plaintext"/],
    [{ runtime: 'podman' }, /--runtime must be one of auto, docker, process/],
    [{ build: 'maybe' }, /--build must be one of/],
    [{ memory: 'lots' }, /--memory must be a size/],
    [{ out: '/nonexistent-folder/x.json' }, /folder \/nonexistent-folder does not exist/],
    [{ baseline: '/nonexistent.json' }, /--baseline .*no such file/],
  ])('rejects %o with a one-line usage error', (raw, message) => {
    let caught: unknown;
    try {
      parseBenchOptions(raw, known);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('refuses an existing --out without --force, accepts it with', () => {
    expect(() => parseBenchOptions({ out: 'package.json' }, known)).toThrow(/already exists.*--force/);
    expect(parseBenchOptions({ out: 'package.json', force: true }, known).force).toBe(true);
  });

  it('accepts seconds with a unit and fractional values', () => {
    expect(parseBenchOptions({ duration: '2.5s', warmup: '0' }, known)).toMatchObject({ durationS: 2.5, warmupS: 0 });
  });
});
