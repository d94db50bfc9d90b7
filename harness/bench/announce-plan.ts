// The plan, said before anything is built: what will run, in what order, and about how long it
// will take within the budget. Estimates only; the rounds then fit what is left of the budget.
import type { BenchContext } from './bench-context.js';
import { formatDuration } from './budget.js';
import { estimatedRoundSeconds, tailSeconds } from './stage-trials.js';
import { scenarioLoads } from './scenario-load.js';

/** A fresh start with the engine's create/remove around it: ~0.3 s for a static binary, ~1 s for an interpreter. */
const COLD_START_S = 0.7;

export function announcePlan(ctx: BenchContext): void {
  const { options, events } = ctx;
  const pairs = ctx.states.reduce((n, s) => n + ctx.scenariosOf(s).flatMap((sc) => scenarioLoads(sc, options)).length, 0);
  const roundS = estimatedRoundSeconds(pairs, options);
  const coldS = options.coldStarts * (ctx.states.length + (ctx.run.launchFloor ? 1 : 0)) * COLD_START_S;
  const fixedS = coldS + pairs * Math.max(0, options.warmupS - options.rewarmS) + tailSeconds(ctx.states.length);
  const rounds = options.fixedTrials ? `${options.trials} clean trials per pair (fixed; re-runs of disturbed ones included)` : `at least ${options.trials} rounds, then more while an asked comparison is undecided, at most ${options.maxRounds}`;
  const least = fixedS + Math.min(options.trials, options.maxRounds) * roundS;
  events.stage(`plan: ${ctx.states.length} target${ctx.states.length === 1 ? '' : 's'} × ${options.scenarios.length} scenario${options.scenarios.length === 1 ? '' : 's'}, budget ${formatDuration(options.budgetS)}`);
  events.info(`build: ${ctx.states.map((s) => s.result.name).join(', ')} (cached builds take seconds; a first build of a compiled target can take minutes)`);
  events.info(`cold starts: ${options.coldStarts} per target and of the launcher floor (about ${formatDuration(coldS)})`);
  events.info(`trials: ${pairs} pairs a round, ${options.durationS} s each after a ${options.rewarmS} s re-warm (about ${formatDuration(roundS)} a round); ${rounds}`);
  events.info(`estimate: at least ${formatDuration(least)} after the builds; the run stops within the budget (${formatDuration(options.budgetS)}) whatever the builds take`);
}
