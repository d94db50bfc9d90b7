// What one load run is asked to do and what it measured. Measuring only: nothing here formats.

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * each connection first sends `setup` in order (every answer 2xx), then adds the value of the
   * response header `header` from the first setup answer carrying it (and to later setup requests)
   * to every request: an MCP client's initialize, then tools/call with its Mcp-Session-Id
   */
  session?: { setup: LoadRequest[]; header: string; teardown?: LoadRequest; lifetime?: SessionLifetime };
}

/**
 * connection (default): a session per connection, opened before the window; operation: each
 * measured operation is the whole session (setup, the request, teardown) on one connection
 */
export type SessionLifetime = 'connection' | 'operation';

/** which code sends the requests: plain node:net sockets (default) or autocannon (closed loop only) */
export type LoadEngineName = 'socket' | 'autocannon';

/** closed: each connection sends its next request when the previous one is answered; open: at a fixed rate */
export type LoadModel = 'closed' | 'open';

export interface LoadOptions {
  /** e.g. http://127.0.0.1:18080 — loopback only */
  baseUrl: string;
  request: LoadRequest;
  /** closed loop: the connections kept busy; open loop: the most the pool may grow to */
  connections: number;
  durationS: number;
  /** worker threads generating load; default: one per load-generator core */
  workers: number;
  /** default: socket */
  engine?: LoadEngineName;
  /** open loop at this many requests per second in all (split evenly over the workers); absent: closed loop */
  rate?: number;
  /** called about once a second with the running request rate, for the progress display */
  onProgress?: (rps: number) => void;
  /** aborting ends the run early; the promise then rejects with the abort reason */
  signal?: AbortSignal;
}

export type LatencySummaryUs = { p50: number; p90: number; p99: number; p999: number; p9999: number; max: number; mean: number };

/** What only an open-loop run measures. */
export interface OpenLoopResult {
  /** the rate asked for, requests per second */
  offeredRps: number;
  /** responses (any status) per second over the offered rate: 1 when the server kept up */
  achievedRatio: number;
  /** requests whose scheduled time fell in the window */
  scheduled: number;
  /** sent and still unanswered when the window closed */
  inFlightAtEnd: number;
  /** scheduled but never sent: every connection of the pool stayed busy until the end */
  unsent: number;
  /** connections the pool grew to (all workers): at most --connections */
  connections: number;
  /** requests that found every connection busy and waited for one: the pool, not the server, held them */
  queued: number;
  /** from the actual send to the answer (what a closed loop measures), µs */
  serviceUs: LatencySummaryUs;
  /** base64 compressed HDR histogram of the service times, µs */
  serviceHistogram: string;
  /** from the scheduled time to the actual send (timer lateness, waiting for a free connection), µs */
  lagUs: LatencySummaryUs;
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
  /** closed loop: from send to answer; open loop: from the scheduled time to the answer */
  latencyUs: LatencySummaryUs;
  /** base64 compressed HDR histogram of every response time in microseconds (as latencyUs) */
  histogram: string;
  /** CPU time the load generator (all its threads) used during the run, nanoseconds */
  clientCpuNs: number;
  /** which engine sent the load; absent in results of generators that do not say (the fake) */
  engine?: LoadEngineName;
  /** present exactly when the run was open loop */
  open?: OpenLoopResult;
}

/** Whatever sends the load: load workers (run-load.ts) in a bench, a scripted fake in tests. */
export type LoadGenerator = (options: LoadOptions) => Promise<LoadResult>;
