// A target's scenario results from its pairs' trials: what the result file records, and what the
// adaptive rounds judge after every round (a provisional result, without the run's end).
import type { ResultFile, ScenarioResult, Schedule } from '../results/schema.js';
import type { BenchOptions } from './bench-options.js';
import type { TargetState } from './target-record.js';
import type { Pair } from './trial-rounds.js';
import { scenarioResultName } from './scenario-load.js';
import { summarizeTrials } from './summarize-trials.js';
import { headerRevision } from '../mcp/mcp-revision.js';

export function scenarioResults(state: TargetState, pairs: readonly Pair[], options: Pick<BenchOptions, 'warmupS'>): ScenarioResult[] {
  return (
    pairs
      // a pair without a trial (its target failed first, e.g. in an SLO search) has nothing to summarize
      .filter((p) => p.state === state && p.trials.length > 0)
      .map((p) => ({
        name: p.load ? scenarioResultName(p.load) : p.scenario,
        ...(p.load ? { load: p.load } : {}),
        request: { method: p.request.method, path: p.request.path, ...(p.request.body !== undefined ? { body: p.request.body } : {}) },
        ...mcpRevisionField(p.request.headers),
        warmupS: options.warmupS,
        trials: p.trials,
        summary: summarizeTrials(p.trials),
      }))
  );
}

/** the protocol revision an MCP scenario spoke, so that compare and gate never pair two revisions */
function mcpRevisionField(headers: Record<string, string>): Pick<ScenarioResult, 'mcpRevision'> {
  const revision = headerRevision(headers);
  return revision === undefined ? {} : { mcpRevision: revision };
}

/** What a provisional result carries besides its trials: who ran it, when, where and how. */
export type ProvisionalFrame = Pick<ResultFile, 'schemaVersion' | 'langbench' | 'startedAt' | 'machine' | 'options'> & Partial<Pick<ResultFile, 'twoMachines'>>;

/**
 * The run so far as a result file, for judging the asked comparisons between rounds: the targets
 * with their trials and the schedule with the rounds complete, in the run's frame. It is never
 * written.
 */
export function provisionalResult(frame: ProvisionalFrame, states: readonly TargetState[], pairs: readonly Pair[], options: BenchOptions, schedule: Schedule): ResultFile {
  return {
    ...frame,
    finishedAt: frame.startedAt,
    schedule,
    targets: states.map((state) => ({ ...state.result, scenarios: scenarioResults(state, pairs, options) })),
  };
}
