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
      durationS: 3,
      warmupS: 2,
      trials: 6,
      fixedTrials: false,
      budgetS: 540,
      maxRounds: 30,
      coldStarts: 10,
      memoryBytes: 1024 ** 3,
      out: null,
      force: false,
      schedule: 'interleaved',
      seed: null,
      rewarmS: 1,
      disturbedPct: 10,
      maxReruns: 3,
      waitS: null,
    });
  });

  it('--budget takes 90s, 8m, 1h, 1h30m or bare seconds; --trials makes a fixed run', () => {
    expect(parseBenchOptions({ budget: '90s' }, known).budgetS).toBe(90);
    expect(parseBenchOptions({ budget: '8m' }, known).budgetS).toBe(480);
    expect(parseBenchOptions({ budget: '1h30m' }, known).budgetS).toBe(5400);
    expect(parseBenchOptions({ budget: '45' }, known).budgetS).toBe(45);
    for (const bad of ['', 'soon', '0s', '8 minutes', '1h-5m', 'm'])
      expect(() => parseBenchOptions({ budget: bad }, known), bad).toThrow(/^--budget must be a duration like 90s, 8m, 1h or 1h30m, got "/);
    expect(parseBenchOptions({ trials: '12' }, known)).toMatchObject({ trials: 12, fixedTrials: true });
    expect(() => parseBenchOptions({ maxRounds: '3' }, known)).toThrow(/--max-rounds 3 is below the 6 rounds every adaptive run makes/);
  });

  it('reads the schedule and interference options', () => {
    expect(parseBenchOptions({ schedule: 'sequential', seed: '7', rewarm: '0', disturbedThreshold: '25%', maxReruns: '0', trials: '5', wait: true }, known)).toMatchObject({
      schedule: 'sequential', seed: 7, rewarmS: 0, disturbedPct: 25, maxReruns: 0, trials: 5, waitS: 3600,
    });
    expect(parseBenchOptions({ trials: '5' }, known).maxReruns).toBe(3);
    expect(parseBenchOptions({ wait: '90' }, known).waitS).toBe(90);
  });

  it.each([
    [{ trials: '0' }, /--trials must be an integer >= 1, got "0"/],
    [{ schedule: 'random' }, /--schedule must be one of interleaved, sequential, got "random"/],
    [{ disturbedThreshold: '0' }, /--disturbed-threshold must be a percentage above 0 and at most 100/],
    [{ disturbedThreshold: '150' }, /--disturbed-threshold must be a percentage above 0 and at most 100/],
    [{ maxReruns: '-1' }, /--max-reruns must be an integer >= 0, got "-1"/],
    [{ seed: 'abc' }, /--seed must be an integer >= 0, got "abc"/],
    [{ wait: 'soon' }, /--wait must be a number of seconds/],
    [{ cpus: 'abc' }, /--cpus must be an integer >= 1, got "abc"/],
    [{ cpus: '2.5' }, /--cpus/],
    [{ connections: '-3' }, /--connections/],
    [{ duration: '0' }, /--duration must be a number of seconds above 0/],
    [{ duration: 'ten' }, /--duration/],
    [{ warmup: '-1' }, /--warmup/],
    [{ coldStarts: 'x' }, /--cold-starts/],
    [{ targets: 'axum,nodejs' }, /unknown target "nodejs"; known targets: axum, fastapi, go-nethttp/],
    [{ scenarios: 'json,plaintext' }, /unknown scenario "plaintext"/],
    [{ runtime: 'podman' }, /--runtime must be one of auto, docker, process, got "podman"$/],
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

describe('durations take the suffixes --budget takes', () => {
  it('reads --duration, --warmup, --rewarm and --wait as seconds, bare or with s, m, h', async () => {
    const { parseBenchOptions } = await import('../harness/bench/bench-options.js');
    const known = { targets: ['axum'], defaultTargets: ['axum'], scenarios: ['json'], defaultScenarios: ['json'] };
    const o = parseBenchOptions({ duration: '1m', warmup: '0', rewarm: '1.5s', wait: '2m30s' }, known);
    expect([o.durationS, o.warmupS, o.rewarmS, o.waitS]).toEqual([60, 0, 1.5, 150]);
    expect(parseBenchOptions({ duration: '10' }, known).durationS).toBe(10);
    expect(() => parseBenchOptions({ duration: '10 minutes' }, known)).toThrow(/--duration must be a number of seconds above 0 or a duration, e\.g\. --duration 10, 10s or 1m, got "10 minutes"/);
    expect(() => parseBenchOptions({ duration: '0s' }, known)).toThrow(/--duration must be a number of seconds above 0/);
  });
});
