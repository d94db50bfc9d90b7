// Messages between runLoad (main thread) and each load worker. Structured-clone-safe plain data.
import type { LoadEngineName } from './load-types.js';
import type { SessionSpec } from './session-setup.js';

/** workerData: what one worker loads, with its share of the connections (and of the rate). */
export interface WorkerJob {
  engine: LoadEngineName;
  /** base URL and path joined */
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** closed loop: the connections kept busy; open loop: the most the pool may grow to */
  connections: number;
  durationS: number;
  /** seconds without an answer before a request counts as a timeout (and its connection is reopened) */
  timeoutS: number;
  /** open loop: this worker's share of the offered requests per second; absent: closed loop */
  ratePerS?: number;
  /** a session scenario: each connection opens its own session first (socket engine only) */
  session?: SessionSpec;
}

/** main → worker */
export type ToWorker = { type: 'go' };

/** what an open-loop worker adds to its report */
export interface OpenLoopReport {
  /** requests whose scheduled time fell inside the window */
  scheduled: number;
  /** of those, written to a connection */
  sent: number;
  /** sent, not answered when the window closed */
  inFlightAtEnd: number;
  /** scheduled, never sent: every connection of the pool was busy until the window closed */
  unsent: number;
  /** connections the pool grew to */
  connections: number;
  /** requests that found every connection busy and waited for one (their wait is in the lag) */
  queued: number;
  /** encoded µs histogram of the service time: from the actual send to the answer */
  service: string;
  /** encoded µs histogram of the schedule lag: from the scheduled time to the actual send */
  lag: string;
}

/** the counts and encoded histogram of one worker's measuring window */
export interface WorkerReport {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** measuring window of this worker, from first request to stop, nanoseconds */
  elapsedNs: number;
  /** encodeIntoCompressedBase64 of the worker's microsecond histogram (open loop: from the scheduled time) */
  histogram: string;
  open?: OpenLoopReport;
}

/** worker → main */
export type FromWorker =
  | { type: 'ready' }
  /** about once a second: responses in the last `ns` nanoseconds */
  | { type: 'tick'; responses: number; ns: number }
  | ({ type: 'done' } & WorkerReport);
