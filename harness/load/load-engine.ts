// What a load worker drives: one engine (socket or autocannon) generating its share of the load.
import type { WorkerReport } from './worker-protocol.js';

export interface LoadEngine {
  /** connections opened ahead of the window, so none is opened on the clock; resolves when done */
  prepare(): Promise<void>;
  /** the measuring window opens: send from now */
  start(): void;
  /** responses recorded since the previous call (progress) */
  takeResponses(): number;
  /** the window closes: stop sending, report what was measured in it (elapsed time filled in by the caller) */
  stop(): Omit<WorkerReport, 'elapsedNs'>;
  /** after stop(), outside the window: let go of what the run holds on the server (sessions) */
  finish?(): Promise<void>;
}
