// Which scenarios a run can ask for, and a refusal, before anything is built, when a target would
// be loaded on none of them or a scenario on no target.
import { UsageError } from '../errors.js';
import { scenarioNames, scenarioRequest, type TargetContract } from '../scenarios/target-contract.js';

/** Every scenario some target offers, in first-seen order (the reference json, tool first). */
export function offeredScenarios(contracts: readonly TargetContract[]): string[] {
  return [...new Set(contracts.flatMap(scenarioNames))];
}

/** What a run without --scenarios loads: every offered scenario but those marked onlyWhenAsked. */
export function defaultScenarios(contracts: readonly TargetContract[]): string[] {
  return [...new Set(contracts.flatMap((c) => scenarioNames(c).filter((name) => !scenarioRequest(c, name).onlyWhenAsked)))];
}

export function checkScenarioCoverage(selected: ReadonlyMap<string, TargetContract>, scenarios: readonly string[]): void {
  for (const scenario of scenarios) {
    if (![...selected.values()].some((contract) => scenarioNames(contract).includes(scenario))) {
      throw new UsageError(`no selected target offers scenario "${scenario}"; selected: ${[...selected.keys()].join(', ')} (add the target with --targets, or drop the scenario)`);
    }
  }
  for (const [name, contract] of selected) {
    const offered = scenarioNames(contract);
    if (!offered.some((s) => scenarios.includes(s))) {
      throw new UsageError(`target ${name} offers none of the asked scenarios (${scenarios.join(', ')}); it offers ${offered.join(', ')}: add one to --scenarios`);
    }
  }
}

/** A session scenario (each connection opens its own session) runs on the socket engine only. */
export function checkSessionEngine(selected: ReadonlyMap<string, TargetContract>, scenarios: readonly string[], engine: string): void {
  if (engine === 'socket') return;
  for (const contract of selected.values()) {
    const session = scenarios.find((s) => scenarioNames(contract).includes(s) && scenarioRequest(contract, s).session);
    if (session) throw new UsageError(`scenario ${session} opens a session per connection, which only the socket engine does: drop --engine ${engine}, or leave ${session} out of --scenarios`);
  }
}
