// Stage 4 (two machines only): the network alone, before any load, against the first fresh
// measured server: TCP connect and HTTP round-trip times.
import type { NetworkBaseline } from '../remote/network-baseline.js';
import type { BenchContext } from './bench-context.js';
import { networkBaselineOf } from '../remote/two-machine-run.js';
import { isOk } from './target-record.js';

export async function networkStage(ctx: BenchContext): Promise<NetworkBaseline | null> {
  const { run, events } = ctx;
  const probed = run.twoMachines ? ctx.states.find((s) => isOk(s) && s.server) : undefined;
  if (!run.twoMachines || !probed) return null;
  events.stage(`network baseline: TCP connect and HTTP round trips to ${probed.result.name} on ${run.twoMachines.options.serverAddress}`);
  try {
    await probed.server!.thaw();
    const network = await networkBaselineOf(run.twoMachines, probed.server!, probed.target.manifest.healthPath, probed.result.name);
    events.info(`network: TCP connect median ${network.tcpConnectUs.medianUs} µs (p99 ${network.tcpConnectUs.p99Us}), HTTP round trip median ${network.httpRoundTripUs.medianUs} µs (p99 ${network.httpRoundTripUs.p99Us})`);
    return network;
  } catch (error) {
    run.signal?.throwIfAborted();
    const message = `network baseline not measured: ${(error as Error).message}`;
    events.warn(message);
    ctx.warnings.push(message);
    return null;
  } finally {
    await probed.server!.freeze().catch(() => undefined);
  }
}
