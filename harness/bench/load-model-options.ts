// The bench options that choose how load is sent: the engine, and closed loop (default), open loop
// at a rate or a ladder of rates, or a search for the highest rate within a P99 target.
import { UsageError } from '../errors.js';
import type { LoadEngineName } from '../load/load-types.js';

export interface LoadModelOptions {
  engine: LoadEngineName;
  /** open loop at each of these rates (req/s), in the order given; empty: closed loop */
  rates: number[];
  /** find per target and scenario the highest rate whose P99 stays within this, µs; null: no search */
  sloP99Us: number | null;
}

export interface RawLoadModelOptions {
  engine?: string;
  rate?: string;
  rates?: string;
  sloP99?: string;
}

/** a rate as typed: 5000, 2500.5, 5k */
function rate(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(k?)$/i.exec(value.trim());
  const parsed = match ? Number(match[1]) * (match[2] ? 1000 : 1) : NaN;
  if (!match || !(parsed > 0)) throw new UsageError(`${flag} takes requests per second above 0, e.g. ${flag} 5000 or 5k, got "${value}"`);
  return parsed;
}

export function parseLoadModelOptions(raw: RawLoadModelOptions): LoadModelOptions {
  const engine = raw.engine ?? 'socket';
  if (engine !== 'socket' && engine !== 'autocannon') throw new UsageError(`--engine must be one of socket, autocannon, got "${engine}"`);
  if (raw.rate !== undefined && raw.rates !== undefined) throw new UsageError('--rate and --rates both set the offered load: use --rates r1,r2,… alone for a ladder');
  const rates =
    raw.rate !== undefined
      ? [rate('--rate', raw.rate)]
      : raw.rates !== undefined
        ? raw.rates.split(',').map((r) => rate('--rates', r))
        : [];
  if (new Set(rates).size !== rates.length) throw new UsageError(`--rates lists a rate twice: ${raw.rates}`);
  let sloP99Us: number | null = null;
  if (raw.sloP99 !== undefined) {
    const match = /^(\d+(?:\.\d+)?)(ms)?$/.exec(raw.sloP99.trim());
    if (!match || !(Number(match[1]) > 0)) throw new UsageError(`--slo-p99 takes a P99 target in milliseconds above 0, e.g. --slo-p99 5, got "${raw.sloP99}"`);
    if (rates.length > 0) throw new UsageError('--slo-p99 finds the rate itself: drop --rate/--rates');
    sloP99Us = Number(match[1]) * 1000;
  }
  if (engine === 'autocannon' && (rates.length > 0 || sloP99Us !== null)) {
    throw new UsageError('the autocannon engine runs closed loop only: drop --engine autocannon for --rate, --rates or --slo-p99');
  }
  return { engine, rates, sloP99Us };
}
