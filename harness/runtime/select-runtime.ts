// --runtime auto|docker|process|fake: picks the runtime, and says which and why.
import type { Runtime, RuntimeKind } from './runtime.js';
import { ProcessRuntime } from './process-runtime.js';
import { UsageError } from '../errors.js';
import type { BuildChoice } from '../docker/target-image.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { LoadGenerator } from '../load/load-types.js';
import type { MachineProbes } from '../system/machine-probes.js';

/** --runtime: one runtime by name, or auto (docker where an engine answers, else process) */
export type RuntimeChoice = RuntimeKind | 'auto';

/** what the choice of runtime reads of the bench's options */
export interface RuntimeRequest {
  runtime: RuntimeChoice;
  build: BuildChoice;
  memoryBytes: number;
}

export interface SelectedRuntime {
  runtime: Runtime;
  dockerVersion: string | null;
  /** why this runtime, for the screen */
  reason: string;
  /** what belongs in the result's warnings */
  notes: string[];
  /** the fake runtime's scripted load generator and probes; absent: the real ones */
  instruments?: { loadGenerator: LoadGenerator; probes: MachineProbes };
}

export async function selectRuntime(options: RuntimeRequest, fixture: ContractFixture): Promise<SelectedRuntime> {
  if (options.runtime === 'process') return { runtime: new ProcessRuntime(), dockerVersion: null, reason: 'process runtime (--runtime process)', notes: [] };
  if (options.runtime === 'fake') {
    const { FakeRuntime } = await import('./fake-runtime.js');
    const runtime = new FakeRuntime(fixture);
    return {
      runtime,
      instruments: runtime.instruments(),
      dockerVersion: null,
      reason: 'fake runtime (tests only: nothing is measured, every figure is scripted)',
      notes: ['fake runtime: numbers are synthetic, for testing langbench itself'],
    };
  }
  const { dockerEngineAvailable } = await import('../docker/engine-probe.js');
  const { DockerRuntime } = await import('./docker-runtime.js');
  const engine = await dockerEngineAvailable();
  if (engine.available) {
    return {
      runtime: new DockerRuntime({ memoryBytes: options.memoryBytes, build: options.build }),
      dockerVersion: engine.version ?? null,
      reason: `docker runtime (engine ${engine.version ?? '?'}${options.runtime === 'auto' ? ' answered' : ''})`,
      notes: [],
    };
  }
  if (options.runtime === 'docker') {
    throw new UsageError(`--runtime docker but no Docker engine answers (${engine.reason ?? 'unknown reason'}); run scripts/setup.sh as root, or use --runtime process`);
  }
  return {
    runtime: new ProcessRuntime(),
    dockerVersion: null,
    reason: `process runtime (no Docker engine answers: ${engine.reason ?? 'unknown'}; run scripts/setup.sh to get one)`,
    notes: [`no Docker engine answered (${engine.reason ?? 'unknown'}): targets ran as native processes`],
  };
}
