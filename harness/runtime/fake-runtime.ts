// A runtime for testing langbench itself, as hyperfine's MockExecutor is for hyperfine: in-process
// servers that answer the contract fixture (so health polling and verification run for real), and
// a load generator and machine probes that report what a script says instead of measuring:
// throughput, latency, memory, CPU, cold start, interference, a server dying. The bench loop run
// on it can be checked to the last digit; it measures nothing real.
import type { LaunchSpec, PreparedTarget, Runtime, RunningServer } from './runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import type { LoadGenerator } from '../load/load-types.js';
import type { MachineProbes } from '../system/machine-probes.js';
import { availableCpus } from '../placement/available-cpus.js';
import { DEFAULT_FAKE_SCRIPT, targetScript, type FakeScript } from './fake-script.js';
import { FakeMachine } from './fake-machine.js';
import { FakeServer, listenFake } from './fake-server.js';
import { fakeLoadGenerator } from './fake-load-generator.js';

export interface FakeRuntimeOptions {
  /** what the servers, the load generator and the probes report; default: DEFAULT_FAKE_SCRIPT */
  script?: FakeScript;
  /** the cores the scripted /proc/stat lists; give runBench the same. Default: this process's affinity */
  cores?: readonly number[];
}

export class FakeRuntime implements Runtime {
  readonly kind = 'fake' as const;
  readonly memorySource = 'fake (scripted)';
  private readonly servers = new Set<FakeServer>();
  private readonly byUrl = new Map<string, FakeServer>();
  private readonly script: FakeScript;
  private readonly machine: FakeMachine;
  private readonly counts = new Map<string, { starts: number; fresh: number; trials: Map<string, number> }>();

  constructor(
    private readonly fixture: ContractFixture,
    options: FakeRuntimeOptions = {},
  ) {
    this.script = options.script ?? DEFAULT_FAKE_SCRIPT;
    this.machine = new FakeMachine(options.cores ?? availableCpus());
  }

  /** The load generator and probes to give runBench beside this runtime. */
  instruments(): { loadGenerator: LoadGenerator; probes: MachineProbes } {
    return {
      loadGenerator: fakeLoadGenerator({
        fixture: this.fixture,
        machine: this.machine,
        serverAt: (baseUrl) => this.byUrl.get(baseUrl),
        trialsOf: (target) => this.countsOf(target).trials,
      }),
      probes: { readActivity: () => this.machine.readActivity(), selfCpuUsage: (previous) => this.machine.selfCpuUsage(previous) },
    };
  }

  async prepare(target: LoadedTarget): Promise<PreparedTarget> {
    return { target, sizeBytes: 0, sizeKind: 'fake' };
  }

  async start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    const server = await listenFake(this.fixture, spec.port);
    const name = prepared.target.manifest.name;
    const script = targetScript(this.script, name);
    const count = this.countsOf(name);
    const fake = new FakeServer(server, spec.port, name, [...spec.cpus], script, {
      nextStartMs: () => (script.coldStartMs.length > 0 ? script.coldStartMs[count.starts++ % script.coldStartMs.length] : undefined),
      nextFreshBytes: () => {
        if (script.memory.freshBytes.length === 0) throw new Error(`the fake runtime's script has no fresh memory readings for ${name}`);
        return script.memory.freshBytes[count.fresh++ % script.memory.freshBytes.length]!;
      },
    });
    this.servers.add(fake);
    this.byUrl.set(fake.baseUrl, fake);
    return fake;
  }

  async cleanup(): Promise<void> {
    await Promise.all([...this.servers].map((s) => s.stop()));
  }

  private countsOf(name: string): { starts: number; fresh: number; trials: Map<string, number> } {
    let count = this.counts.get(name);
    if (!count) this.counts.set(name, (count = { starts: 0, fresh: 0, trials: new Map() }));
    return count;
  }
}
