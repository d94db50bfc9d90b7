// Messages between runLoad (main thread) and each load worker. Structured-clone-safe plain data.

/** workerData: what one worker loads, with its share of the connections. */
export interface WorkerJob {
  /** base URL and path joined */
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** seconds autocannon waits for a response before counting a timeout and reconnecting */
  timeoutS: number;
}

/** main → worker */
export type ToWorker = { type: 'go' };

/** the counts and encoded histogram of one worker's measuring window */
export interface WorkerReport {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** measuring window of this worker, from first request to stop, nanoseconds */
  elapsedNs: number;
  /** encodeIntoCompressedBase64 of the worker's microsecond histogram */
  histogram: string;
}

/** worker → main */
export type FromWorker =
  | { type: 'ready' }
  /** about once a second: responses in the last `ns` nanoseconds */
  | { type: 'tick'; responses: number; ns: number }
  | ({ type: 'done' } & WorkerReport);
