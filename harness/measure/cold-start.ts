// Cold start: fresh starts, each timed from the start request to the first verified 200.
import type { PreparedTarget, Runtime } from '../runtime/runtime.js';
import { freePort } from '../net/free-port.js';
import { waitHealthy } from './wait-healthy.js';

export interface ColdStartSamples {
  samplesMs: number[];
  /** docker only: creation time of each container, measured apart from its start */
  createMs: number[];
  /** memory of each fresh server once healthy and settled: idle memory, one sample per start */
  idleBytes: number[];
}

/** Lets a fresh server settle so idle memory is not caught mid-allocation. */
export const IDLE_SETTLE_MS = 300;

export const HEALTH_TIMEOUT_MS = 60_000;

export async function measureColdStarts(runtime: Runtime, prepared: PreparedTarget, cpus: number[], count: number, signal?: AbortSignal): Promise<ColdStartSamples> {
  const samplesMs: number[] = [];
  const createMs: number[] = [];
  const idleBytes: number[] = [];
  for (let i = 0; i < count; i++) {
    signal?.throwIfAborted();
    const server = await runtime.start(prepared, { port: await freePort(), cpus });
    try {
      const healthy = await waitHealthy(server.baseUrl, prepared.target.manifest.healthPath, server, HEALTH_TIMEOUT_MS);
      samplesMs.push(Number(healthy.atNs - server.startRequestedNs) / 1e6);
      if (server.createMs !== undefined) createMs.push(server.createMs);
      await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
      idleBytes.push(Math.round(await server.memoryBytes()));
    } finally {
      await server.stop();
    }
  }
  return { samplesMs, createMs, idleBytes };
}
