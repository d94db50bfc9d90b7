// Mid-ranks of a combined sample: tied values share the mean of the ranks they span.
export interface MidRanks {
  /** ranks in the order of `values`, 1-based; ties get their mean rank (a multiple of 0.5) */
  ranks: number[];
  /** sizes of the tie groups (only groups of 2 or more) */
  tieSizes: number[];
}

export function midRanks(values: readonly number[]): MidRanks {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const mid = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = mid;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}
