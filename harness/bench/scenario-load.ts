// How each scenario is loaded in a bench: closed loop (default), open loop at each rate of
// --rate/--rates (a scenario of its own per rate, named for it), or open loop at the highest rate
// within --slo-p99 (found per target by slo-search.ts before the trials).
import type { LoadModelOptions } from './load-model-options.js';

/** one probe of the SLO search: an open-loop run at a rate and whether it met the target */
export interface SloProbe {
  offeredRps: number;
  p99Us: number;
  achievedRatio: number;
  errors: number;
  passed: boolean;
}

export interface SloSearchRecord {
  /** the P99 target, µs */
  p99Us: number;
  /** requests/s of the quick closed-loop probe the search started from */
  closedRps: number;
  /** the highest rate that met the target (P99 within it, ≥ 99% of the rate achieved, no errors); null: none did */
  maxRps: number | null;
  probes: SloProbe[];
}

export type ScenarioLoad =
  | { model: 'closed'; scenario: string; connections: number }
  | {
      model: 'open';
      /** the scenario this rate loads (the result's own name carries the rate) */
      scenario: string;
      /** requests per second offered; for an SLO search, the rate found (the lowest tried when none met it) */
      offeredRps: number;
      /** --rates: every rate of the ladder, so a report can draw latency against load */
      ladder?: number[];
      slo?: SloSearchRecord;
      /** the most connections the pool may grow to */
      connections: number;
    };

/** The loads of one scenario as the options ask; an SLO search's rate is filled in later. */
export function scenarioLoads(scenario: string, options: LoadModelOptions & { connections: number }): ScenarioLoad[] {
  const { connections } = options;
  if (options.sloP99Us !== null) {
    return [{ model: 'open', scenario, offeredRps: 0, connections, slo: { p99Us: options.sloP99Us, closedRps: 0, maxRps: null, probes: [] } }];
  }
  if (options.rates.length === 0) return [{ model: 'closed', scenario, connections }];
  return options.rates.map((offeredRps) => ({
    model: 'open',
    scenario,
    offeredRps,
    connections,
    ...(options.rates.length > 1 ? { ladder: [...options.rates] } : {}),
  }));
}

/** The name a scenario's results go by: the scenario itself in closed loop, with its rate or SLO in open loop. */
export function scenarioResultName(load: ScenarioLoad): string {
  if (load.model === 'closed') return load.scenario;
  if (load.slo) return `${load.scenario}@p99<=${load.slo.p99Us / 1000}ms`;
  return `${load.scenario}@${load.offeredRps}rps`;
}

/** the rate to send at, or undefined for closed loop */
export function openRate(load: ScenarioLoad | undefined): number | undefined {
  return load?.model === 'open' ? load.offeredRps : undefined;
}

/** Each (target, scenario) pair once per load the options ask for, each with trials of its own. */
export function withLoads<P extends { scenario: string; load?: ScenarioLoad; trials: unknown[] }>(pairs: readonly P[], options: LoadModelOptions & { connections: number }): P[] {
  return pairs.flatMap((p) => scenarioLoads(p.scenario, options).map((load) => ({ ...p, load, trials: [] })));
}
