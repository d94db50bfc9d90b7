// Before the trials of an --slo-p99 run: per target and scenario, a warmup, a quick closed-loop
// probe, then the search (slo-search.ts) with short open-loop runs; the rate found becomes the
// scenario's offered rate, which the trials then measure with intervals like any other.
import type { LoadEngineName, LoadGenerator } from '../load/load-types.js';
import type { BenchEvents } from './bench-events.js';
import { warmUp } from './run-trial.js';
import { searchSloRate } from './slo-search.js';
import { isOk } from './target-record.js';
import { failTarget } from './lost-engine.js';
import type { Pair } from './trial-rounds.js';

/** each search probe is this long at most: enough for a P99 of thousands of requests, short enough for ~10 probes */
const PROBE_MAX_S = 3;

export interface SloStagePlan {
  pairs: Pair[];
  loadGenerator: LoadGenerator;
  engine: LoadEngineName;
  connections: number;
  workers: number;
  warmupS: number;
  durationS: number;
  signal?: AbortSignal;
}

export async function findSloRates(plan: SloStagePlan, events: BenchEvents): Promise<void> {
  for (const pair of plan.pairs) {
    const load = pair.load;
    if (load?.model !== 'open' || !load.slo || !isOk(pair.state)) continue;
    plan.signal?.throwIfAborted();
    const { state } = pair;
    const name = state.result.name;
    const server = state.server!;
    const base = { server, request: pair.request, loadGenerator: plan.loadGenerator, connections: plan.connections, workers: plan.workers, engine: plan.engine, signal: plan.signal };
    const probeS = Math.min(plan.durationS, PROBE_MAX_S);
    try {
      await server.thaw();
      events.phase(name, 'warmup', `${pair.scenario}, ${plan.warmupS} s, then the search for the highest rate with P99 <= ${load.slo.p99Us / 1000} ms`);
      await warmUp(base, plan.warmupS);
      const closed = await plan.loadGenerator({ baseUrl: server.baseUrl, request: pair.request, connections: plan.connections, durationS: probeS, workers: plan.workers, engine: plan.engine, signal: plan.signal });
      const found = await searchSloRate({
        p99Us: load.slo.p99Us,
        closedRps: closed.rps,
        measure: async (rate) => {
          const r = await plan.loadGenerator({ ...base, baseUrl: server.baseUrl, durationS: probeS, rate });
          events.info(`${name} ${pair.scenario}: ${rate} req/s offered, P99 ${Math.round(r.latencyUs.p99)} µs, achieved ${((r.open?.achievedRatio ?? 0) * 100).toFixed(1)}%`);
          return { p99Us: r.latencyUs.p99, achievedRatio: r.open?.achievedRatio ?? r.rps / rate, errors: r.errors + r.non2xx + (r.open?.unsent ?? 0) };
        },
      });
      const tried = found.probes.map((p) => p.offeredRps);
      load.slo = { ...load.slo, closedRps: closed.rps, maxRps: found.maxRps, probes: found.probes };
      // none met the target: the trials still measure the lowest rate tried, and say so
      load.offeredRps = found.maxRps ?? Math.min(...tried);
      if (found.maxRps === null) events.warn(`${name} ${pair.scenario}: no rate down to ${Math.min(...tried)} req/s kept P99 within ${load.slo.p99Us / 1000} ms`);
      else events.info(`${name} ${pair.scenario}: max ${found.maxRps} req/s with P99 <= ${load.slo.p99Us / 1000} ms; trials at that rate follow`);
      await server.freeze();
    } catch (error) {
      plan.signal?.throwIfAborted();
      if (failTarget([...new Set(plan.pairs.map((p) => p.state))], state, 'failed', error, events, 'the SLO search', server.exitCause?.())) break;
      events.warn(`${name}: ${(error as Error).message.split('\n')[0]}; it sits out the remaining rounds`);
      await server.stop().catch(() => undefined);
    }
  }
}
