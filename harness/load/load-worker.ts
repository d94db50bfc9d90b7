// One load worker thread: runs its own autocannon instance in-thread with its share of the
// connections and records every response time, in microseconds, into its own HDR histogram.
// Started by run-load.ts from the compiled file (dist/harness/load/load-worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { encodeHistogram, HIGHEST_TRACKABLE_US, newLatencyHistogram } from './latency-histogram.js';
import type { FromWorker, ToWorker, WorkerJob } from './worker-protocol.js';

// autocannon's own message for a response that did not arrive within `timeout` (lib/run.js onTimeout)
const TIMEOUT_MESSAGE = 'request timed out';

if (!parentPort) throw new Error('load-worker.js must run as a worker thread (started by runLoad)');
const port = parentPort;
const job = workerData as WorkerJob;
const histogram = newLatencyHistogram();

let measuring = false;
let ok = 0;
let non2xx = 0;
let errors = 0;
let timeouts = 0;
let sinceTick = 0;

// The hot path: one call per response; an integer into the histogram, counters, nothing allocated.
function onResponse(_client: unknown, statusCode: number, _resBytes: number, responseTimeMs: number): void {
  if (!measuring) return;
  const us = Math.round(responseTimeMs * 1000);
  histogram.recordValue(us < HIGHEST_TRACKABLE_US ? us : HIGHEST_TRACKABLE_US);
  if (statusCode >= 200 && statusCode < 300) ok++;
  else non2xx++;
  sinceTick++;
}

function onRequestError(error: unknown): void {
  if (!measuring) return;
  errors++;
  if (error instanceof Error && error.message === TIMEOUT_MESSAGE) timeouts++;
}

function start(): void {
  const startNs = process.hrtime.bigint();
  measuring = true;
  const instance = autocannon(
    {
      url: job.url,
      method: job.method as autocannon.Request['method'],
      headers: job.headers,
      body: job.body,
      connections: job.connections,
      pipelining: 1,
      timeout: job.timeoutS,
      // we stop it ourselves at durationS; this is only a backstop
      duration: Math.ceil(job.durationS) + 30,
      skipAggregateResult: true,
    },
    () => {},
  );
  instance.on('response', onResponse);
  instance.on('reqError', onRequestError);

  let lastTickNs = startNs;
  const ticker = setInterval(() => {
    const now = process.hrtime.bigint();
    post({ type: 'tick', responses: sinceTick, ns: Number(now - lastTickNs) });
    lastTickNs = now;
    sinceTick = 0;
  }, 1000);

  setTimeout(() => {
    measuring = false;
    const elapsedNs = Number(process.hrtime.bigint() - startNs);
    clearInterval(ticker);
    instance.stop();
    post({ type: 'done', ok, non2xx, errors, timeouts, elapsedNs, histogram: encodeHistogram(histogram) });
  }, job.durationS * 1000);
}

function post(message: FromWorker): void {
  port.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'go') start();
});
post({ type: 'ready' });
