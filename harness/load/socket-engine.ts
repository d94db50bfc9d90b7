// The socket engine: plain node:net keep-alive connections, no pipelining, in this worker thread.
// Closed loop: every connection sends its next request as soon as the previous answer arrives.
// Open loop: requests go out on a fixed timetable (open-loop-schedule.ts) whether or not earlier
// ones were answered, each on an idle connection of a pool that grows on demand up to the job's
// connections; a request finding none idle waits for the first to free up. Latency is taken from
// the scheduled time (so a stalled server shows in it: no coordinated omission), the service time
// from the actual send, the schedule lag between the two. A churn scenario's request is a whole
// session (session-operation.ts).
import { httpRequestBytes } from './http-request-bytes.js';
import type { LoadEngine } from './load-engine.js';
import type { Endpoint } from './socket-connection.js';
import { ClosedLoop } from './socket-closed-loop.js';
import { OpenLoop } from './socket-open-loop.js';
import { Sessions } from './socket-sessions.js';
import { SessionOperation } from './session-operation.js';
import type { WorkerJob } from './worker-protocol.js';

export function socketEngine(job: WorkerJob): LoadEngine {
  const url = new URL(job.url);
  // churn: every operation is a session of its own, so none is opened ahead
  const perOperation = job.session?.lifetime === 'operation';
  const endpoint: Endpoint = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 80),
    bytes: httpRequestBytes(url, job),
    headRequest: job.method === 'HEAD',
    timeoutMs: job.timeoutS * 1000,
    ...(perOperation ? { operation: new SessionOperation(url, job.session!, { method: job.method, path: url.pathname + url.search, headers: job.headers, ...(job.body === undefined ? {} : { body: job.body }) }) } : {}),
  };
  const sessions = job.session && !perOperation ? new Sessions(url, job) : null;
  return job.ratePerS === undefined ? new ClosedLoop(endpoint, sessions, job.connections) : new OpenLoop(endpoint, sessions, job.connections, job.ratePerS, job.durationS);
}
