// The bench loop (runBench) in process on the fake runtime, as the tests run it: the contract
// fixture, every target, two cores (the load generator on this process's first core, the server on
// the next: the fake server pins nothing, so that core need not exist), the scripted load generator
// and probes, and the result as the CLI would write it (through JSON and the schema).
import { afterAll } from 'vitest';
import { runBench } from '../../harness/bench/run-bench.js';
import { parseBenchOptions, type RawBenchOptions } from '../../harness/bench/bench-options.js';
import { silentEvents } from '../../harness/bench/bench-events.js';
import { loadContractFixture } from '../../harness/contract/load-fixture.js';
import { loadAllTargets, selectTargets } from '../../harness/targets/load-targets.js';
import { launchFloorTarget } from '../../harness/targets/launch-floor.js';
import { targetsDir } from '../../harness/paths.js';
import { availableCpus, pinSelf } from '../../harness/placement/available-cpus.js';
import { FakeRuntime } from '../../harness/runtime/fake-runtime.js';
import type { FakeScript } from '../../harness/runtime/fake-script.js';
import { resultFileSchema, type ResultFile } from '../../harness/results/schema.js';

export const fixture = loadContractFixture();
export const allTargets = loadAllTargets(targetsDir());

/**
 * The two cores the fake machine lists. runBench pins this process to the load generator's
 * cores; the hook registered here gives the process its affinity back after the file (or the
 * describe block this is called in).
 */
export function fakeBenchCores(): number[] {
  const affinity = availableCpus();
  afterAll(() => pinSelf(affinity));
  return [affinity[0]!, affinity[0]! + 1];
}

export interface FakeBench {
  script: FakeScript;
  /** from fakeBenchCores() */
  cores: number[];
  /** time the launcher floor too (default: no) */
  launchFloor?: boolean;
  /** the scenarios run when raw names none (default: bench's own) */
  defaultScenarios?: string[];
}

/** One `langbench bench --runtime fake` run with these options, its result as written. */
export async function fakeBench(raw: RawBenchOptions, { script, cores, launchFloor = false, defaultScenarios }: FakeBench): Promise<ResultFile> {
  const options = parseBenchOptions(
    { runtime: 'fake', ...raw },
    { targets: allTargets.map((t) => t.manifest.name), scenarios: Object.keys(fixture.scenarios), ...(defaultScenarios ? { defaultScenarios } : {}) },
  );
  const runtime = new FakeRuntime(fixture, { script, cores });
  try {
    const result = await runBench(
      {
        targets: selectTargets(allTargets, options.targets),
        runtime,
        runtimeFacts: { notes: [] },
        fixture,
        options,
        launchFloor: launchFloor ? launchFloorTarget() : null,
        cores,
        ...runtime.instruments(),
      },
      silentEvents,
    );
    // what the CLI would write must be a valid result file
    return resultFileSchema.parse(JSON.parse(JSON.stringify(result)));
  } finally {
    await runtime.cleanup();
  }
}
