// Cold start: one fresh start, timed from the start request to the first verified 200, and the
// memory of that fresh server once it settled (idle memory: before any verification or load).
import type { PreparedTarget, Runtime } from '../runtime/runtime.js';
import { onFreePort } from '../net/on-free-port.js';
import { waitHealthy } from './wait-healthy.js';

export interface ColdStartSample {
  ms: number;
  /** docker only: creation of the container, measured apart from its start */
  createMs?: number;
  /** memory of the fresh server once healthy and settled */
  idleBytes: number;
}

/** Lets a fresh server settle so idle memory is not caught mid-allocation. */
export const IDLE_SETTLE_MS = 300;

export const HEALTH_TIMEOUT_MS = 60_000;

export const settle = (ms = IDLE_SETTLE_MS): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A port taken between its check and the start costs a retry, not the target (net/on-free-port.ts). */
export function coldStartOnce(runtime: Runtime, prepared: PreparedTarget, cpus: number[]): Promise<ColdStartSample> {
  return onFreePort((port) => coldStartOn(port, runtime, prepared, cpus));
}

async function coldStartOn(port: number, runtime: Runtime, prepared: PreparedTarget, cpus: number[]): Promise<ColdStartSample> {
  const server = await runtime.start(prepared, { port, cpus });
  try {
    const healthy = await waitHealthy(server.baseUrl, prepared.target.manifest.healthPath, server, HEALTH_TIMEOUT_MS);
    const ms = server.scriptedStartMs ?? Number(healthy.atNs - server.startRequestedNs) / 1e6;
    await settle();
    const idleBytes = Math.round(await server.memoryBytes());
    return { ms, ...(server.createMs !== undefined ? { createMs: server.createMs } : {}), idleBytes };
  } finally {
    await server.stop();
  }
}
