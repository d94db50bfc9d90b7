// The two-machine facts in words, for the console summary and both reports: where the server
// ran, and the network's own round trip to set beside the latencies.
import type { ResultFile } from '../results/schema.js';
import { formatBytes } from '../metrics/format.js';

const us = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(0)} µs`);

/** '' for a one-machine run. */
export function twoMachinesText(result: Pick<ResultFile, 'twoMachines'>): string {
  const t = result.twoMachines;
  if (!t) return '';
  const h = t.serverHost;
  const host = `two machines: servers on ${h.hostname} (${h.cores} cores, ${formatBytes(h.memoryBytes)}, ${h.os}, kernel ${h.kernel}, Docker ${h.dockerVersion ?? '?'}) through ${t.engine}, load from this machine to ${t.serverAddress}`;
  const n = t.network;
  if (!n) return `${host}; network baseline not measured`;
  return (
    `${host}; network before the load: TCP connect median ${us(n.tcpConnectUs.medianUs)} (p99 ${us(n.tcpConnectUs.p99Us)}), ` +
    `HTTP round trip median ${us(n.httpRoundTripUs.medianUs)} (p99 ${us(n.httpRoundTripUs.p99Us)})${n.target ? ` to ${n.target}'s health path` : ''}, ${n.httpRoundTripUs.samples} samples each`
  );
}
