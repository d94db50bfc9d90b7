// Which trials of a scenario count: the clean ones. A disturbed trial (it shared its cores with
// other work) stays in the file, marked, but no median, interval, test or verdict uses it. Files
// written before trials were judged have no marks, so all of their trials count.
import type { Trial } from './schema.js';

export function cleanTrials<T extends Pick<Trial, 'disturbed'>>(trials: readonly T[]): T[] {
  return trials.filter((t) => t.disturbed === undefined);
}

/** Fewer clean trials than this leave a metric without an interval, so without a verdict. */
export const MIN_CLEAN_TRIALS = 2;
