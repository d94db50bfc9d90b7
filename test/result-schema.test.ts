import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultJsonSchema } from '../harness/results/json-schema.js';
import { resultFileSchema, type ResultFile } from '../harness/results/schema.js';
import { defaultResultPath, writeResultFile } from '../harness/results/write-result.js';
import { machineFingerprint, machineInfo } from '../harness/environment/machine-info.js';
import { summarizeTrials } from '../harness/bench/summarize-trials.js';

function sampleResult(): ResultFile {
  const trial = (rps: number) => ({
    rps,
    latencyUs: { p50: 120, p90: 300, p99: 640.5, p999: 900, max: 2000 },
    errors: 0,
    non2xx: 0,
    timeouts: 0,
    clientCpuPct: 99,
    serverCpuPct: 60,
    peakRssBytes: 5_000_000,
    clientBound: true,
  });
  const trials = [100, 110, 120].map(trial);
  return {
    schemaVersion: 1,
    langbench: { version: '0.1.0', gitCommit: null },
    startedAt: '2026-11-26T13:00:00.000Z',
    finishedAt: '2026-11-26T13:01:00.000Z',
    machine: machineInfo(),
    options: { targets: ['x'], scenarios: ['json'], runtime: 'process', cpus: 4, connections: 64, durationS: 1, warmupS: 0, trials: 3, coldStarts: 1 },
    targets: [
      {
        name: 'x',
        language: 'Go',
        framework: 'net/http',
        runtime: 'process',
        cpus: { requested: 4, granted: 1, serverCpuset: '1', loadgenCpuset: '0' },
        sizeBytes: 123,
        coldStartMs: { samples: [3.2], median: 3.2 },
        memory: { idleRssBytes: 1000, peakRssBytes: 5_000_000 },
        verification: { passed: true, failures: [] },
        scenarios: [{ name: 'json', trials, summary: summarizeTrials(trials) }],
      },
    ],
  };
}

describe('result schema', () => {
  it('results/schema.json is the one generated from harness/results/schema.ts (run npm run build && node dist/scripts/generate-schema.js)', () => {
    const committed = JSON.parse(readFileSync(path.join(__dirname, '..', 'results', 'schema.json'), 'utf8'));
    expect(committed).toEqual(resultJsonSchema());
  });

  it('round-trips a result through an atomic write and back', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-schema-'));
    const file = path.join(dir, 'r.json');
    const result = sampleResult();
    writeResultFile(file, result, { force: false });
    const read = resultFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(read).toEqual(result);
    expect(readdirSync(dir)).toEqual(['r.json']); // no temp file left behind
  });

  it('never overwrites an existing file silently', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-schema-'));
    const file = path.join(dir, 'r.json');
    writeFileSync(file, 'precious');
    expect(() => writeResultFile(file, sampleResult(), { force: false })).toThrow(/already exists.*--force/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    writeResultFile(file, sampleResult(), { force: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1);
  });

  it('refuses to write a result that breaks the schema', () => {
    const bad = sampleResult() as unknown as { targets: { cpus: { granted: number } }[] };
    bad.targets[0]!.cpus.granted = -1;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-schema-'));
    expect(() => writeResultFile(path.join(dir, 'r.json'), bad as unknown as ResultFile, { force: false })).toThrow(/targets.0.cpus.granted/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names default result files by UTC time and host', () => {
    expect(defaultResultPath('/r', new Date('2026-11-26T13:05:01.123Z'), 'box 1')).toBe('/r/20261126T130501Z-box_1.json');
  });

  it('fingerprints machines by hardware and OS, not by hostname', () => {
    const m = { cpuModel: 'X', cores: 2, memoryBytes: 24 * 1024 ** 3, kernel: '6.1', os: 'Debian 12', arch: 'x64' };
    expect(machineFingerprint(m)).toBe(machineFingerprint({ ...m, memoryBytes: m.memoryBytes - 5_000_000 }));
    expect(machineFingerprint(m)).not.toBe(machineFingerprint({ ...m, cores: 4 }));
  });
});
