// Benchmark, not a test: langbench's open-loop latencies beside an independent open-loop tool,
// oha (`cargo install oha`; -q RATE --latency-correction), at one offered rate against the same
// server on the same pinned cores, in alternating rounds. Prints each tool's achieved rate and
// corrected P50/P99/P99.9 per round and the medians.
//
//   npm run build && node dist/scripts/open-loop-crosscheck.js [--rate 5000] [--duration 10]
//     [--rounds 3] [--connections 64] [--server-cpus 1] [--client-cpus 0] [--path /json]
//
// The server is the Go target (targets/go-nethttp, `npm run build:targets`). Loopback only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { runLoad } from '../harness/load/run-load.js';
import { freePort } from '../harness/net/free-port.js';
import { formatCpuList, parseCpuList } from '../harness/placement/cpu-list.js';
import { pinSelf } from '../harness/placement/available-cpus.js';
import { loadTarget } from '../harness/targets/load-targets.js';
import { nativeSection } from '../harness/targets/native-section.js';
import { targetsDir } from '../harness/paths.js';
import { waitHealthy } from '../harness/measure/wait-healthy.js';
import { EXIT_USAGE } from '../harness/errors.js';

interface Reading {
  tool: 'langbench' | 'oha';
  achievedRps: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
}

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    'server-cpus': { type: 'string', default: '1' },
    'client-cpus': { type: 'string', default: '0' },
    path: { type: 'string', default: '/json' },
  },
});
const rate = Number(values.rate);
const durationS = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const serverCpus = parseCpuList(values['server-cpus']!);
const clientCpus = parseCpuList(values['client-cpus']!);
const oha = spawnSync('oha', ['--version'], { encoding: 'utf8' });
if (oha.status !== 0) {
  process.stderr.write('open-loop-crosscheck: oha is not on PATH; install it with `cargo install oha` (and add ~/.cargo/bin to PATH)\n');
  process.exit(EXIT_USAGE);
}

const go = loadTarget(path.join(targetsDir(), 'go-nethttp'));
const native = nativeSection(go);
const binary = path.resolve(go.dir, native.run[0]!);
if (!existsSync(binary)) {
  process.stderr.write(`open-loop-crosscheck: ${binary} is missing; run npm run build:targets\n`);
  process.exit(EXIT_USAGE);
}

function ohaRound(url: string): Reading {
  const run = spawnSync('taskset', ['-c', formatCpuList(clientCpus), 'oha', '-z', `${durationS}s`, '-q', String(rate), '-c', String(connections), '--latency-correction', '--no-tui', '--output-format', 'json', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`oha failed: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { summary: { requestsPerSec: number }; latencyPercentiles: Record<string, number> };
  const us = (key: string): number => Math.round((out.latencyPercentiles[key] ?? NaN) * 1e6);
  return { tool: 'oha', achievedRps: out.summary.requestsPerSec, p50Us: us('p50'), p99Us: us('p99'), p999Us: us('p99.9') };
}

async function langbenchRound(baseUrl: string): Promise<Reading> {
  const r = await runLoad({ baseUrl, request: { method: 'GET', path: values.path!, headers: {} }, connections, durationS, workers: clientCpus.length, rate });
  return { tool: 'langbench', achievedRps: r.rps, p50Us: r.latencyUs.p50, p99Us: r.latencyUs.p99, p999Us: r.latencyUs.p999 };
}

const port = await freePort();
const server: ChildProcess = spawn('taskset', ['-c', formatCpuList(serverCpus), binary], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
const stop = (): void => void server.kill('SIGTERM');
process.on('exit', stop);
try {
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitHealthy(baseUrl, go.manifest.healthPath, { exitReason: () => (server.exitCode === null ? undefined : `exited with ${server.exitCode}`), outputTail: () => '' }, 10_000);
  pinSelf(clientCpus);
  process.stdout.write(`go-nethttp on cores ${formatCpuList(serverCpus)}, load on ${formatCpuList(clientCpus)}; ${rate} req/s offered for ${durationS} s, ${connections} connections at most, ${rounds} rounds\n`);
  const readings: Reading[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? (['langbench', 'oha'] as const) : (['oha', 'langbench'] as const);
    for (const tool of order) {
      const r = tool === 'oha' ? ohaRound(`${baseUrl}${values.path}`) : await langbenchRound(baseUrl);
      readings.push(r);
      process.stdout.write(`round ${round} ${r.tool.padEnd(9)} achieved ${r.achievedRps.toFixed(0).padStart(6)} req/s  P50 ${r.p50Us} µs  P99 ${r.p99Us} µs  P99.9 ${r.p999Us} µs\n`);
    }
  }
  for (const tool of ['langbench', 'oha'] as const) {
    const mine = readings.filter((r) => r.tool === tool);
    const m = (f: (r: Reading) => number): number => Math.round(median(mine.map(f)));
    process.stdout.write(`median    ${tool.padEnd(9)} achieved ${m((r) => r.achievedRps).toString().padStart(6)} req/s  P50 ${m((r) => r.p50Us)} µs  P99 ${m((r) => r.p99Us)} µs  P99.9 ${m((r) => r.p999Us)} µs\n`);
  }
} finally {
  stop();
}
