// What every trial of a real run must say about interference, quiet machine or not: both core
// groups were read (neither is null), each as a share of its capacity within [0, 100], on the two
// disjoint groups of cores the placement gave the server and the load generator.
import { expect } from 'vitest';
import { parseCpuList } from '../../harness/placement/cpu-list.js';
import type { TargetResult, Trial } from '../../harness/results/schema.js';

export function expectInterferenceRecorded(target: TargetResult, trial: Trial): void {
  const serverCpus = parseCpuList(target.cpus.serverCpuset);
  const loadgenCpus = parseCpuList(target.cpus.loadgenCpuset);
  expect(serverCpus).toHaveLength(target.cpus.granted);
  expect(loadgenCpus.length).toBeGreaterThan(0);
  expect(serverCpus.filter((cpu) => loadgenCpus.includes(cpu)), 'server and load generator share no core').toEqual([]);
  const interference = trial.interference;
  expect(interference, `trial ${trial.round}: no interference recorded`).toBeDefined();
  for (const [group, reading] of [
    ['server cores', interference!.serverCores],
    ['load generator cores', interference!.loadgenCores],
  ] as const) {
    expect(reading, `trial ${trial.round}: ${group} not read`).not.toBeNull();
    for (const pct of [reading!.foreignPct, reading!.stealPct]) {
      expect(Number.isFinite(pct), `trial ${trial.round}: ${group}: ${pct}`).toBe(true);
      expect(pct).toBeGreaterThanOrEqual(0);
      expect(pct).toBeLessThanOrEqual(100);
    }
  }
}
