// Samples a server's memory while load runs and keeps the peak.
import type { RunningServer } from '../runtime/runtime.js';

export interface PeakSampler {
  /** ends sampling after one last sample and gives the peak; later calls give the same answer */
  stop(): Promise<number>;
}

export function samplePeakMemory(server: Pick<RunningServer, 'memoryBytes'>, intervalMs = 100): PeakSampler {
  let peak = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const sample = () => {
    inFlight = server.memoryBytes().then(
      (bytes) => {
        peak = Math.max(peak, bytes);
      },
      () => undefined,
    );
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  let stopped: Promise<number> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await inFlight;
        sample();
        await inFlight;
        return peak;
      })();
      return stopped;
    },
  };
}
