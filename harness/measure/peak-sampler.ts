// Samples a server's memory while load runs and keeps the peak.
import type { RunningServer } from '../runtime/runtime.js';

export interface PeakSampler {
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
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      sample();
      await inFlight;
      return peak;
    },
  };
}
