// The median of a list (0 for an empty one): the reporters' summary of trials they have no interval for.
import { median as sampleMedian } from 'simple-statistics';

export function median(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : sampleMedian([...xs]);
}
