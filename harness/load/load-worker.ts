// One load worker thread: runs its engine (socket or autocannon) with its share of the connections
// and, in open loop, of the rate, for the window runLoad asked; reports progress and the result.
// Started by run-load.ts from the compiled file (dist/harness/load/load-worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { autocannonEngine } from './autocannon-engine.js';
import { socketEngine } from './socket-engine.js';
import type { FromWorker, ToWorker, WorkerJob } from './worker-protocol.js';

if (!parentPort) throw new Error('load-worker.js must run as a worker thread (started by runLoad)');
const port = parentPort;
const job = workerData as WorkerJob;
const engine = job.engine === 'autocannon' ? autocannonEngine(job) : socketEngine(job);

function start(): void {
  const startNs = process.hrtime.bigint();
  engine.start();
  let lastTickNs = startNs;
  const ticker = setInterval(() => {
    const now = process.hrtime.bigint();
    post({ type: 'tick', responses: engine.takeResponses(), ns: Number(now - lastTickNs) });
    lastTickNs = now;
  }, 1000);

  setTimeout(() => {
    const elapsedNs = Number(process.hrtime.bigint() - startNs);
    const report = engine.stop();
    clearInterval(ticker);
    void (engine.finish?.() ?? Promise.resolve()).finally(() => post({ type: 'done', ...report, elapsedNs }));
  }, job.durationS * 1000);
}

function post(message: FromWorker): void {
  port.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'go') start();
});
void engine.prepare().then(() => post({ type: 'ready' }));
