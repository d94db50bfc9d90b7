// The autocannon engine: one autocannon instance in this worker thread, closed loop, every response
// time recorded in microseconds into the worker's own HDR histogram (autocannon's own is in ms).
import autocannon from 'autocannon';
import { encodeHistogram, HIGHEST_TRACKABLE_US, newLatencyHistogram } from './latency-histogram.js';
import type { LoadEngine } from './load-engine.js';
import type { WorkerJob } from './worker-protocol.js';

// autocannon's own message for a response that did not arrive within `timeout` (lib/run.js onTimeout)
const TIMEOUT_MESSAGE = 'request timed out';

export function autocannonEngine(job: WorkerJob): LoadEngine {
  if (job.ratePerS !== undefined) throw new Error('the autocannon engine runs closed loop only: use the socket engine for a rate');
  const histogram = newLatencyHistogram();
  let measuring = false;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let sinceTick = 0;
  let instance: autocannon.Instance | undefined;

  // The hot path: one call per response; an integer into the histogram, counters, nothing allocated.
  const onResponse = (_client: unknown, statusCode: number, _resBytes: number, responseTimeMs: number): void => {
    if (!measuring) return;
    const us = Math.round(responseTimeMs * 1000);
    histogram.recordValue(us < HIGHEST_TRACKABLE_US ? us : HIGHEST_TRACKABLE_US);
    if (statusCode >= 200 && statusCode < 300) ok++;
    else non2xx++;
    sinceTick++;
  };
  const onRequestError = (error: unknown): void => {
    if (!measuring) return;
    errors++;
    if (error instanceof Error && error.message === TIMEOUT_MESSAGE) timeouts++;
  };

  return {
    prepare: () => Promise.resolve(),
    start() {
      measuring = true;
      instance = autocannon(
        {
          url: job.url,
          method: job.method as autocannon.Request['method'],
          headers: job.headers,
          body: job.body,
          connections: job.connections,
          pipelining: 1,
          timeout: job.timeoutS,
          // the worker stops it at durationS; this is only a backstop
          duration: Math.ceil(job.durationS) + 30,
          skipAggregateResult: true,
        },
        () => {},
      );
      instance.on('response', onResponse);
      instance.on('reqError', onRequestError);
    },
    takeResponses() {
      const n = sinceTick;
      sinceTick = 0;
      return n;
    },
    stop() {
      measuring = false;
      instance?.stop();
      return { ok, non2xx, errors, timeouts, histogram: encodeHistogram(histogram) };
    },
  };
}
