// Finding targets and scenarios by name in one or several result files, in the order they appear.
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';

export function findTarget(result: ResultFile, name: string): TargetResult | undefined {
  return result.targets.find((t) => t.name === name);
}

export function findScenario(target: TargetResult, name: string): ScenarioResult | undefined {
  return target.scenarios.find((s) => s.name === name);
}

/** Scenario names in the order they first appear across the targets of the given files. */
export function scenarioNames(results: readonly ResultFile[]): string[] {
  const names: string[] = [];
  for (const r of results) for (const t of r.targets) for (const s of t.scenarios) if (!names.includes(s.name)) names.push(s.name);
  return names;
}

/** Target names in the order they first appear across the given files. */
export function targetNames(results: readonly ResultFile[]): string[] {
  const names: string[] = [];
  for (const r of results) for (const t of r.targets) if (!names.includes(t.name)) names.push(t.name);
  return names;
}
