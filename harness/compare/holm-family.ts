// Which tests enter the Holm family, decided once for compare, the gate and the gate's check before
// a bench run. Cold start and idle RSS are sampled once per fresh start (5 by default), usually
// fewer times than the trials. One that could not reach Holm's strictest level even with fully
// separated data is left out of the family instead of making every other test stricter. The rule
// looks at sample sizes only, never at the data, so it keeps the family-wise error rate.
import { holmStrictestLevel } from '../stats/holm.js';
import { metricSpec, type MetricId } from '../metrics/registry.js';

/** metrics sampled once per fresh start rather than once per trial */
export const isPerStart = (metric: MetricId): boolean => metricSpec(metric).per === 'start';

export interface FamilyCandidate {
  metric: MetricId;
  /** the smallest p the test's sample sizes can produce */
  smallestP: number;
}

export interface HolmFamily<T> {
  family: T[];
  /** per-start tests that could never reach `candidateLevel` */
  leftOut: T[];
  /** Holm's strictest level over every candidate: the level a per-start test must be able to reach */
  candidateLevel: number;
  /** Holm's strictest level over the family */
  level: number;
}

export function holmFamily<T>(alpha: number, candidates: readonly T[], describe: (candidate: T) => FamilyCandidate): HolmFamily<T> {
  const candidateLevel = holmStrictestLevel(alpha, candidates.length);
  const unreachable = (c: T): boolean => {
    const { metric, smallestP } = describe(c);
    return isPerStart(metric) && smallestP > candidateLevel;
  };
  const family = candidates.filter((c) => !unreachable(c));
  const leftOut = candidates.filter(unreachable);
  return { family, leftOut, candidateLevel, level: holmStrictestLevel(alpha, family.length) };
}
