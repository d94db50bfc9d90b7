// A runtime for testing langbench itself, as hyperfine's MockExecutor is for hyperfine: in-process
// servers that answer the contract fixture (so health polling and verification run for real), and
// a load generator and machine probes that report what a script says instead of measuring:
// throughput, latency, memory, CPU, cold start, interference, a server dying. The bench loop run
// on it can be checked to the last digit; it measures nothing real.
import http from 'node:http';
import type { LaunchSpec, PreparedTarget, Runtime, RunningServer, MemoryHighWater } from './runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractCase, ContractFixture } from '../contract/fixture-schema.js';
import { FakeMcp } from './fake-mcp.js';
import type { LoadGenerator, LoadOptions, LoadRequest, LoadResult } from '../load/load-types.js';
import type { ActivitySnapshot, CoreTicks } from '../system/core-activity.js';
import type { MachineProbes } from '../system/machine-probes.js';
import { materializeRequest } from '../contract/verify.js';
import { availableCpus } from '../placement/available-cpus.js';
import { DEFAULT_FAKE_SCRIPT, targetScript, trialScript, type FakeScript, type FakeTargetScript, type FakeTrialScript } from './fake-script.js';
import { refusedLoadResult, scriptedLoadResult } from './fake-load-result.js';
import { atRate } from './fake-open-loop.js';

function responseFor(fixture: ContractFixture, method: string, path: string, body: string): { status: number; headers: Record<string, string>; body: string } {
  const candidates = fixture.cases.filter((c) => c.request.method === method && c.request.path === path);
  const chosen: ContractCase | undefined =
    candidates.find((c) => (materializeRequest(c.request).body ?? '') === body) ??
    candidates.find((c) => c.request.bodyOfSize !== undefined && body.length >= c.request.bodyOfSize.bytes) ??
    candidates[0];
  if (!chosen) return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"not found"}' };
  const responseBody = chosen.expect.body ?? (chosen.expect.json !== undefined ? JSON.stringify(chosen.expect.json) : '{}');
  return { status: chosen.expect.status, headers: { ...fixture.defaults.headers, ...chosen.expect.headers }, body: responseBody };
}

/** USER_HZ of the scripted /proc/stat; only ratios of ticks are ever used */
const TICKS_PER_S = 100;

/**
 * The machine as the probes see it: a virtual clock that advances by each load run's duration
 * (whatever the wall clock did), per-core busy and stolen time, and langbench's own CPU.
 */
class FakeMachine {
  private clockNs = 1_000_000_000n;
  private elapsedS = 0;
  private readonly busyS = new Map<number, number>();
  private readonly stealS = new Map<number, number>();
  private selfMicros = 0;
  /** readings of /proc/stat so far: a trial is the window between an odd and the next even one */
  private readings = 0;

  constructor(private readonly cores: readonly number[]) {}

  get inTrial(): boolean {
    return this.readings % 2 === 1;
  }

  /** One load run: its wall time on every core, the server's and the client's CPU where they ran, and the foreign work. */
  run(durationS: number, serverCpus: readonly number[], serverCpuS: number, clientCpuS: number, trial: FakeTrialScript | null): void {
    const loadgenCpus = this.cores.filter((c) => !serverCpus.includes(c));
    const shared = loadgenCpus.length === 0;
    const clientCpus = shared ? serverCpus : loadgenCpus;
    const add = (map: Map<number, number>, core: number, s: number): void => void map.set(core, (map.get(core) ?? 0) + s);
    const interference = trial?.interference ?? {};
    for (const core of serverCpus) {
      add(this.busyS, core, serverCpuS / serverCpus.length + (durationS * (interference.serverForeignPct ?? 0)) / 100);
      add(this.stealS, core, (durationS * (interference.stealPct ?? 0)) / 100);
    }
    for (const core of clientCpus) {
      add(this.busyS, core, clientCpuS / clientCpus.length + (shared ? 0 : (durationS * (interference.loadgenForeignPct ?? 0)) / 100));
    }
    this.elapsedS += durationS;
    this.clockNs += BigInt(Math.round(durationS * 1e9));
    this.selfMicros += clientCpuS * 1e6;
  }

  readActivity(): ActivitySnapshot {
    this.readings++;
    const cores = new Map<number, CoreTicks>();
    for (const core of this.cores) {
      cores.set(core, {
        task: (this.busyS.get(core) ?? 0) * TICKS_PER_S,
        irq: 0,
        steal: (this.stealS.get(core) ?? 0) * TICKS_PER_S,
        total: this.elapsedS * TICKS_PER_S,
      });
    }
    return { atNs: this.clockNs, cores, cpuPressureSomeUs: null };
  }

  selfCpuUsage(previous?: NodeJS.CpuUsage): NodeJS.CpuUsage {
    const user = this.selfMicros - (previous ? previous.user + previous.system : 0);
    return { user, system: 0 };
  }
}

type MemoryPhase = 'fresh' | 'loaded' | 'rested';

class FakeServer implements RunningServer {
  readonly baseUrl: string;
  readonly startRequestedNs = process.hrtime.bigint();
  private startMs: number | undefined;
  private phase: MemoryPhase = 'fresh';
  private freshBytes: number | undefined;
  private loadBytes = 0;
  private cpuNs = 0;
  private frozen = false;
  private closed = false;
  private died: string | undefined;

  constructor(
    private readonly server: http.Server,
    port: number,
    readonly name: string,
    readonly cpus: readonly number[],
    readonly script: FakeTargetScript,
    private readonly sequence: { nextStartMs(): number | undefined; nextFreshBytes(): number },
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  // read once, by the cold-start stopwatch: only a cold start takes a value from the script
  get scriptedStartMs(): number | undefined {
    if (this.startMs === undefined) this.startMs = this.sequence.nextStartMs();
    return this.startMs;
  }
  get isFrozen(): boolean {
    return this.frozen;
  }
  async memoryBytes(): Promise<number> {
    if (this.phase === 'loaded') return this.loadBytes;
    if (this.phase === 'rested') return this.script.memory.afterLoadBytes;
    this.freshBytes ??= this.sequence.nextFreshBytes();
    return this.freshBytes;
  }
  async cpuTimeNs(): Promise<number> {
    return this.cpuNs;
  }
  async memoryHighWater(): Promise<MemoryHighWater | null> {
    const bytes = this.script.memory.highWaterBytes;
    return bytes === null ? null : { bytes, sameMeasure: true, source: 'scripted' };
  }
  /** load ran: memory stays at its reading until the server is frozen, then settles to steady state */
  loaded(bytes: number, cpuNs: number): void {
    this.phase = 'loaded';
    this.loadBytes = bytes;
    this.cpuNs += cpuNs;
  }
  async freeze(): Promise<void> {
    this.frozen = true;
    if (this.phase === 'loaded') this.phase = 'rested';
  }
  async thaw(): Promise<void> {
    this.frozen = false;
  }
  die(): void {
    this.died = 'killed by SIGKILL (scripted)';
    void this.close();
  }
  exitReason(): string | undefined {
    return this.died ?? (this.closed ? 'stopped' : undefined);
  }
  outputTail(): string {
    return this.died ? `fake ${this.name}: ${this.died}` : '';
  }
  async stop(): Promise<void> {
    await this.close();
  }
  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Waits like a load run of `durationS` would, and rejects with the abort reason as runLoad does. */
function loadTime(durationS: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, durationS * 1000);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

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
      loadGenerator: (options) => this.load(options),
      probes: { readActivity: () => this.machine.readActivity(), selfCpuUsage: (previous) => this.machine.selfCpuUsage(previous) },
    };
  }

  async prepare(target: LoadedTarget): Promise<PreparedTarget> {
    return { target, sizeBytes: 0, sizeKind: 'fake' };
  }

  async start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    const mcp = new FakeMcp(this.fixture);
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (mcp.handles(request.url ?? '')) {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          mcp.handle(request, response, body).catch(() => response.headersSent || response.writeHead(500).end());
          return;
        }
        const answer = responseFor(this.fixture, request.method ?? 'GET', request.url ?? '/', Buffer.concat(chunks).toString('utf8'));
        response.writeHead(answer.status, { ...answer.headers, server: 'langbench-fake', 'content-length': Buffer.byteLength(answer.body) });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.port, '127.0.0.1', () => resolve());
    });
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

  private scenarioOf(request: LoadRequest): string {
    const match = Object.entries(this.fixture.scenarios).find(([, r]) => {
      const m = materializeRequest(r);
      return m.method === request.method && m.path === request.path && (m.body ?? '') === (request.body ?? '');
    });
    if (!match) throw new Error(`fake load generator: ${request.method} ${request.path} is none of the fixture's scenarios`);
    return match[0];
  }

  /** The load generator: takes the load's time, charges the scripted CPU, and reports the scripted figures. */
  private async load(options: LoadOptions): Promise<LoadResult> {
    const server = this.byUrl.get(options.baseUrl);
    if (!server) throw new Error(`fake load generator: no fake server at ${options.baseUrl}`);
    if (server.exitReason() !== undefined) return refusedLoadResult(options.durationS, options.connections);
    // a real frozen server would answer nothing; the bench loop must thaw before it loads
    if (server.isFrozen) throw new Error(`fake load generator: ${server.name} was loaded while frozen`);
    const scenario = this.scenarioOf(options.request);
    const { script } = server;
    let trial: FakeTrialScript | null = null;
    if (this.machine.inTrial) {
      const trials = this.countsOf(server.name).trials;
      const index = trials.get(scenario) ?? 0;
      trials.set(scenario, index + 1);
      trial = trialScript(script, server.name, scenario, index);
    }
    const figures = trial ?? trialScript(script, server.name, scenario, 0);
    const serverCpuS = ((figures.serverCpuPct ?? script.serverCpuPct) / 100) * options.durationS * server.cpus.length;
    const clientCpuS = ((figures.clientCpuPct ?? script.clientCpuPct) / 100) * options.durationS * options.workers;
    server.loaded(trial?.memoryBytes ?? script.memory.underLoadBytes, serverCpuS * 1e9);
    await loadTime(options.durationS, options.signal);
    this.machine.run(options.durationS, server.cpus, serverCpuS, clientCpuS, trial);
    if (trial?.dies) {
      server.die();
      return refusedLoadResult(options.durationS, options.connections);
    }
    options.onProgress?.(figures.rps);
    return atRate(scriptedLoadResult(figures, options.durationS, clientCpuS * 1e9), options.rate);
  }
}
