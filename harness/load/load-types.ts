// What one load run is asked to do and what it measured. Measuring only: nothing here formats.

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** e.g. http://127.0.0.1:18080 — loopback only */
  baseUrl: string;
  request: LoadRequest;
  connections: number;
  durationS: number;
  /** worker threads generating load; default: one per load-generator core */
  workers: number;
  /** called about once a second with the running request rate, for the progress display */
  onProgress?: (rps: number) => void;
  /** aborting ends the run early; the promise then rejects with the abort reason */
  signal?: AbortSignal;
}

export interface LoadResult {
  durationS: number;
  /** responses with a 2xx status */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx responses per second */
  rps: number;
  latencyUs: { p50: number; p90: number; p99: number; p999: number; p9999: number; max: number; mean: number };
  /** base64 compressed HDR histogram of every response time in microseconds */
  histogram: string;
  /** CPU time the load generator (all its threads) used during the run, nanoseconds */
  clientCpuNs: number;
}

/** Whatever sends the load: autocannon workers (run-load.ts) in a bench, a scripted fake in tests. */
export type LoadGenerator = (options: LoadOptions) => Promise<LoadResult>;
