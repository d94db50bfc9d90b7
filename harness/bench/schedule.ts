// The order of cold starts and trials. Interleaved (the default): every round runs one of each
// (target, scenario), shuffled anew each round from a recorded seed, so a disturbance of a minute is
// spread over every target instead of landing on one and reading as a difference between
// languages. Sequential: each target's trials back to back, as before.
export type ScheduleKind = 'interleaved' | 'sequential';

export interface Slot<K> {
  key: K;
  round: number;
}

export { seededRandom } from '../stats/seeded-random.js';

/** Fisher-Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Yields slots while `wanted(key)` says a key needs another one; asked lazily, so what a slot
 * measured (a disturbed trial to re-run, a target that died) decides what comes next. Interleaved
 * rounds hold every key still wanted; a re-run lands in a later round.
 */
export function* slots<K>(
  keys: readonly K[],
  kind: ScheduleKind,
  random: () => number,
  wanted: (key: K) => boolean,
  /** asked before each interleaved round (1, 2, …) once the previous one is complete: false ends the schedule */
  beforeRound: (round: number) => boolean = () => true,
  /**
   * keys compared with each other run next to each other in a round (the groups in a shuffled
   * order, each group's keys shuffled): the seconds between the two sides of a ratio, not the
   * round's minute, are what a disturbance must fit into to move one side alone
   */
  groupOf?: (key: K) => string,
): Generator<Slot<K>> {
  if (kind === 'sequential') {
    for (const key of keys) for (let round = 1; wanted(key); round++) yield { key, round };
    return;
  }
  for (let round = 1; ; round++) {
    // nothing due ends the schedule before beforeRound is asked about a round that would be empty
    if (!keys.some(wanted) || !beforeRound(round)) return;
    const due = keys.filter(wanted);
    for (const key of groupOf ? groupedShuffle(due, groupOf, random) : shuffled(due, random)) if (wanted(key)) yield { key, round };
  }
}

/** The groups in a shuffled order, each group's members shuffled and kept together. */
export function groupedShuffle<K>(keys: readonly K[], groupOf: (key: K) => string, random: () => number): K[] {
  const groups = new Map<string, K[]>();
  for (const key of keys) groups.set(groupOf(key), [...(groups.get(groupOf(key)) ?? []), key]);
  return shuffled([...groups.values()], random).flatMap((members) => shuffled(members, random));
}
