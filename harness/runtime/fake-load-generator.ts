// The fake runtime's load generator: takes a load run's time, charges the scripted CPU to the
// fake machine, and reports the scripted figures instead of measuring.
import type { ContractFixture } from '../contract/fixture-schema.js';
import { materializeRequest } from '../contract/verify.js';
import type { LoadGenerator, LoadOptions, LoadRequest, LoadResult } from '../load/load-types.js';
import type { FakeMachine } from './fake-machine.js';
import type { FakeServer } from './fake-server.js';
import { trialScript, type FakeTrialScript } from './fake-script.js';
import { refusedLoadResult, scriptedLoadResult } from './fake-load-result.js';
import { atRate } from './fake-open-loop.js';

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

/** what the generator reads of the fake runtime: its servers by URL, and each target's trials so far per scenario */
export interface FakeLoadState {
  fixture: ContractFixture;
  machine: FakeMachine;
  serverAt(baseUrl: string): FakeServer | undefined;
  trialsOf(target: string): Map<string, number>;
}

export function fakeLoadGenerator(state: FakeLoadState): LoadGenerator {
  return (options) => load(state, options);
}

function scenarioOf(fixture: ContractFixture, request: LoadRequest): string {
  const match = Object.entries(fixture.scenarios).find(([, r]) => {
    const m = materializeRequest(r);
    // mcp-session and mcp-churn send the same request: the session's lifetime tells them apart
    const lifetime = (s: { lifetime?: string } | undefined): string => s?.lifetime ?? 'connection';
    return m.method === request.method && m.path === request.path && (m.body ?? '') === (request.body ?? '') && lifetime(r.session) === lifetime(request.session);
  });
  if (!match) throw new Error(`fake load generator: ${request.method} ${request.path} is none of the fixture's scenarios`);
  return match[0];
}

/** The load generator: takes the load's time, charges the scripted CPU, and reports the scripted figures. */
async function load(state: FakeLoadState, options: LoadOptions): Promise<LoadResult> {
  const server = state.serverAt(options.baseUrl);
  if (!server) throw new Error(`fake load generator: no fake server at ${options.baseUrl}`);
  if (server.exitReason() !== undefined) return refusedLoadResult(options.durationS, options.connections);
  // a real frozen server would answer nothing; the bench loop must thaw before it loads
  if (server.isFrozen) throw new Error(`fake load generator: ${server.name} was loaded while frozen`);
  const scenario = scenarioOf(state.fixture, options.request);
  const { script } = server;
  let trial: FakeTrialScript | null = null;
  if (state.machine.inTrial) {
    const trials = state.trialsOf(server.name);
    const index = trials.get(scenario) ?? 0;
    trials.set(scenario, index + 1);
    trial = trialScript(script, server.name, scenario, index);
  }
  const figures = trial ?? trialScript(script, server.name, scenario, 0);
  const serverCpuS = ((figures.serverCpuPct ?? script.serverCpuPct) / 100) * options.durationS * server.cpus.length;
  const clientCpuS = ((figures.clientCpuPct ?? script.clientCpuPct) / 100) * options.durationS * options.workers;
  server.loaded(trial?.memoryBytes ?? script.memory.underLoadBytes, serverCpuS * 1e9);
  await loadTime(options.durationS, options.signal);
  state.machine.run(options.durationS, server.cpus, serverCpuS, clientCpuS, trial);
  if (trial?.dies) {
    server.die();
    return refusedLoadResult(options.durationS, options.connections);
  }
  options.onProgress?.(figures.rps);
  return atRate(scriptedLoadResult(figures, options.durationS, clientCpuS * 1e9), options.rate);
}
