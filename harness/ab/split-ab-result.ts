// One A/B result as the two results the gate compares: the revision's targets (their `-at-<sha>`
// suffix taken off) as the baseline, the working tree's as the current. Same run, same machine,
// same rounds. Pure.
import type { ResultFile } from '../results/schema.js';

export function splitAbResult(result: ResultFile, suffix: string): { baseline: ResultFile; current: ResultFile } {
  const isBase = (name: string): boolean => name.endsWith(suffix);
  return {
    baseline: { ...result, targets: result.targets.filter((t) => isBase(t.name)).map((t) => ({ ...t, name: t.name.slice(0, -suffix.length) })) },
    current: { ...result, targets: result.targets.filter((t) => !isBase(t.name)) },
  };
}
