// One machine (server and load generator on the same host) or two (the server on another host's
// engine, the load over a real network): latencies, cold starts and client-bound figures mean
// different things in each, so results are compared and gated only within one layout.
import { UsageError } from '../errors.js';
import type { ResultFile } from './schema.js';

export type RunLayout = 'one-machine' | 'two-machines';

export const layoutOf = (result: Pick<ResultFile, 'twoMachines'>): RunLayout => (result.twoMachines ? 'two-machines' : 'one-machine');

const DESCRIBED: Record<RunLayout, string> = {
  'one-machine': 'a one-machine run (server and load generator on the same host, over loopback)',
  'two-machines': 'a two-machine run (server on another host, load over the network)',
};

export function assertSameLayout(baselineLabel: string, baselineLayout: RunLayout, currentLabel: string, currentLayout: RunLayout): void {
  if (baselineLayout === currentLayout) return;
  throw new UsageError(
    `${baselineLabel} is ${DESCRIBED[baselineLayout]} but ${currentLabel} is ${DESCRIBED[currentLayout]}: network latency is in one and not the other, so they are never gated against each other; ` +
      `use a ${currentLayout === 'two-machines' ? 'two-machine baseline (--docker-host and --server-address)' : 'one-machine baseline (no --docker-host)'}`,
  );
}
