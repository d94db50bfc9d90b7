// Benchmark, not a test: how close langbench's load generator (runLoad, each engine) gets to wrk on
// the same pinned cores against the same fast server. Prints wrk req/s, each engine's req/s, their
// ratios, client and server CPU and the p99s, over several rounds in rotating order.
//
//   npm run build && node dist/scripts/loadgen-ceiling.js [--duration 5] [--connections 64]
//     [--rounds 3] [--server-cpus 1] [--client-cpus 0] [--workers N] [--path /json]
//     [--engines socket,autocannon]
//
// The server is the Go target (targets/go-nethttp, built with `npm run build:targets`) when its
// binary exists, else a tiny built-in Node http server (said on screen). Loopback only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad } from '../harness/load/run-load.js';
import type { LoadEngineName } from '../harness/load/load-types.js';
import { parseWrkOutput } from '../harness/load/wrk-output.js';
import { freePort } from '../harness/net/free-port.js';
import { formatCpuList, parseCpuList } from '../harness/placement/cpu-list.js';
import { loadTarget } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { EXIT_INTERNAL, EXIT_USAGE, exitCodeForSignal } from '../harness/errors.js';

interface Options {
  durationS: number;
  connections: number;
  rounds: number;
  serverCpus: number[];
  clientCpus: number[];
  workers: number;
  path: string;
  engines: LoadEngineName[];
}

type Tool = 'wrk' | LoadEngineName;

interface Sample {
  tool: Tool;
  rps: number;
  p99Us: number | undefined;
  errors: number;
  /** CPU the client used over the run, as % of one core summed over its cores */
  clientCpuPct: number;
  serverCpuPct: number;
  /** client CPU per 2xx response, microseconds: the generator's cost, robust to a contended machine */
  clientCpuUsPerRequest: number;
  /** CPU that other processes took on the client and server cores during the run, % of those cores */
  foreignPct: number;
}

interface Server {
  child: ChildProcess;
  baseUrl: string;
  description: string;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const children = new Set<ChildProcess>();

const NODE_SERVER = `
const http = require('node:http');
const body = () => JSON.stringify({ message: 'Hello, World!' });
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', Server: 'node' });
  res.end(body());
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  requireCommand('wrk', ['-v'], 'wrk is not installed: install it with `apt-get install -y wrk` (Debian/Ubuntu) and rerun');
  requireCommand('taskset', ['-V'], 'taskset is not installed: it comes with util-linux (`apt-get install -y util-linux`)');

  const server = await startServer(options.serverCpus);
  try {
    // pin this process (and so the load workers it starts) to the client cores
    run('taskset', ['-a', '-cp', formatCpuList(options.clientCpus), String(process.pid)]);
    log(`server: ${server.description}, cpus ${formatCpuList(options.serverCpus)}; client cpus ${formatCpuList(options.clientCpus)}`);
    log(`load: ${options.connections} connections, ${options.durationS} s per run, ${options.rounds} rounds; langbench workers ${options.workers}, engines ${options.engines.join(', ')}`);
    const url = server.baseUrl + options.path;
    log('warmup: wrk 2 s');
    await runWrk(url, { ...options, durationS: 2 }, server);

    const samples: Sample[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      // rotate the order so no tool always runs first (or right after the warm-up)
      const tools: Tool[] = ['wrk', ...options.engines];
      const order = tools.map((_, i) => tools[(i + round - 1) % tools.length]!);
      for (const tool of order) {
        const sample = tool === 'wrk' ? await runWrk(url, options, server) : await runLangbench(server.baseUrl, options, server, tool);
        samples.push(sample);
        log(`round ${round} ${describe(sample)}`);
      }
    }
    process.stdout.write(summary(samples, options, server));
  } finally {
    await stopAll();
  }
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '64' },
      rounds: { type: 'string', default: '3' },
      'server-cpus': { type: 'string' },
      'client-cpus': { type: 'string' },
      workers: { type: 'string' },
      path: { type: 'string', default: '/json' },
      engines: { type: 'string', default: 'socket,autocannon' },
    },
    strict: true,
  });
  const cores = os.availableParallelism();
  const half = Math.max(1, Math.floor(cores / 2));
  const clientCpus = parseCpuList(values['client-cpus'] ?? `0-${half - 1}`);
  const serverCpus = parseCpuList(values['server-cpus'] ?? (cores > 1 ? `${half}-${cores - 1}` : '0'));
  if (clientCpus.some((c) => serverCpus.includes(c))) log('warning: client and server cpus overlap; the ratio then measures contention too');
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got "${v}"`);
    return n;
  };
  const durationS = Number(values.duration);
  if (!(durationS > 0)) fail(`--duration must be a positive number of seconds, got "${values.duration}"`);
  return {
    durationS,
    connections: int('connections', values.connections),
    rounds: int('rounds', values.rounds),
    serverCpus,
    clientCpus,
    workers: values.workers === undefined ? clientCpus.length : int('workers', values.workers),
    path: values.path,
    engines: engineList(values.engines),
  };
}

function engineList(value: string): LoadEngineName[] {
  const engines = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of engines) if (e !== 'socket' && e !== 'autocannon') fail(`--engines takes socket and/or autocannon, got "${e}"`);
  if (engines.length === 0) fail('--engines needs at least one of socket, autocannon');
  return engines as LoadEngineName[];
}

// The Go target when built, else the Node fallback; pinned with taskset, healthy before returning.
async function startServer(cpus: number[]): Promise<Server> {
  const port = await freePort();
  const goDir = path.join(targetsDir(), 'go-nethttp');
  let argv: string[];
  let env: NodeJS.ProcessEnv = { ...process.env };
  let cwd = process.cwd();
  let healthPath = '/json';
  let description: string;
  const go = existsSync(path.join(goDir, 'target.json')) ? loadTarget(goDir) : undefined;
  const goNative = go?.manifest.native;
  if (go && goNative?.artifact && existsSync(path.resolve(go.dir, goNative.artifact))) {
    const [command, ...args] = goNative.run;
    argv = [command!.includes('/') ? path.resolve(go.dir, command!) : command!, ...args];
    env = { ...env, ...goNative.runEnv, [go.manifest.port.env]: String(port) };
    cwd = go.dir;
    healthPath = go.manifest.healthPath;
    description = `go-nethttp (${argv.join(' ')})`;
  } else {
    argv = [process.execPath, '-e', NODE_SERVER];
    env = { ...env, PORT: String(port) };
    description = go
      ? 'built-in Node http server (targets/go-nethttp is not built: `npm run build:targets`)'
      : 'built-in Node http server (no targets/go-nethttp)';
    if (go) log(`note: targets/go-nethttp is not built, falling back to the built-in Node server`);
  }
  const child = spawn('taskset', ['-c', formatCpuList(cpus), ...argv], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitHealthy(baseUrl + healthPath, child);
  return { child, baseUrl, description };
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`the server exited (code ${child.exitCode}) before answering ${url}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  fail(`the server did not answer ${url} within 20 s`);
}

async function runWrk(url: string, o: Options, server: Server): Promise<Sample> {
  const threads = Math.min(o.clientCpus.length, o.connections);
  const args = ['-c', formatCpuList(o.clientCpus), 'wrk', `-t${threads}`, `-c${o.connections}`, `-d${o.durationS}s`, '--latency', url];
  const childCpu0 = childrenCpuNs();
  const serverCpu0 = processCpuNs(server.child.pid!);
  const cores0 = coresBusyNs([...o.clientCpus, ...o.serverCpus]);
  const t0 = process.hrtime.bigint();
  const output = await capture('taskset', args);
  const wallNs = Number(process.hrtime.bigint() - t0);
  const wrk = parseWrkOutput(output);
  const clientNs = childrenCpuNs() - childCpu0;
  const serverNs = processCpuNs(server.child.pid!) - serverCpu0;
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN);
  return {
    tool: 'wrk',
    rps: wrk.rps,
    p99Us: wrk.p99Us,
    errors: wrk.errors,
    clientCpuPct: (clientNs / wallNs) * 100,
    serverCpuPct: (serverNs / wallNs) * 100,
    clientCpuUsPerRequest: clientNs / requests / 1000,
    foreignPct: foreignPct(cores0, o, clientNs + serverNs, wallNs),
  };
}

async function runLangbench(baseUrl: string, o: Options, server: Server, engine: LoadEngineName): Promise<Sample> {
  const serverCpu0 = processCpuNs(server.child.pid!);
  const cores0 = coresBusyNs([...o.clientCpus, ...o.serverCpus]);
  const self0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await runLoad({
    baseUrl,
    request: { method: 'GET', path: o.path, headers: {} },
    connections: o.connections,
    durationS: o.durationS,
    workers: o.workers,
    engine,
  });
  const wallNs = Number(process.hrtime.bigint() - t0);
  const self = process.cpuUsage(self0);
  const serverNs = processCpuNs(server.child.pid!) - serverCpu0;
  return {
    tool: engine,
    rps: r.rps,
    p99Us: r.latencyUs.p99,
    errors: r.errors + r.non2xx + r.timeouts,
    clientCpuPct: (r.clientCpuNs / (r.durationS * 1e9)) * 100,
    serverCpuPct: (serverNs / wallNs) * 100,
    clientCpuUsPerRequest: r.clientCpuNs / r.ok / 1000,
    // the whole process (worker start-up included) against the whole wall time, like wrk's
    foreignPct: foreignPct(cores0, o, (self.user + self.system) * 1000 + serverNs, wallNs),
  };
}

function summary(samples: Sample[], o: Options, server: Server): string {
  const of = (tool: Sample['tool']): Sample[] => samples.filter((s) => s.tool === tool);
  const wrk = of('wrk');
  const med = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const p99 = (xs: Sample[]): string => {
    const v = xs.map((s) => s.p99Us).filter((x): x is number => x !== undefined);
    return v.length ? `${Math.round(med(v))} µs` : 'n/a';
  };
  const row = (name: string, xs: Sample[]): string =>
    `${name.padEnd(10)} ${med(xs.map((s) => s.rps)).toFixed(0).padStart(9)} req/s   p99 ${p99(xs).padStart(9)}   ` +
    `client cpu ${med(xs.map((s) => s.clientCpuPct)).toFixed(0).padStart(3)}% (${med(xs.map((s) => s.clientCpuUsPerRequest)).toFixed(1)} µs/req)   ` +
    `server cpu ${med(xs.map((s) => s.serverCpuPct)).toFixed(0).padStart(3)}%   other load ${med(xs.map((s) => s.foreignPct)).toFixed(0).padStart(3)}%   ` +
    `errors ${xs.reduce((n, s) => n + s.errors, 0)}`;
  const vsWrk = (engine: LoadEngineName): string[] => {
    const lb = of(engine);
    // the same round's wrk run: samples alternate per round, so index i of each is round i + 1
    const ratios = lb.map((s, i) => s.rps / wrk[i]!.rps);
    return [
      `ratio ${engine}/wrk: ${med(ratios).toFixed(3)} (median of per-round ratios; rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`,
      `client cpu per request, wrk/${engine}: ${(med(wrk.map((s) => s.clientCpuUsPerRequest)) / med(lb.map((s) => s.clientCpuUsPerRequest))).toFixed(3)} ` +
        '(the ratio a client-bound run tends to)',
    ];
  };
  return [
    '',
    `loadgen ceiling: ${server.description}`,
    `server cpus ${formatCpuList(o.serverCpus)}, client cpus ${formatCpuList(o.clientCpus)}, ${o.connections} connections, ` +
      `${o.durationS} s x ${o.rounds} rounds, langbench workers ${o.workers} (medians; cpu % of one core)`,
    row('wrk', wrk),
    ...o.engines.map((e) => row(e, of(e))),
    ...o.engines.flatMap(vsWrk),
    ...(Math.max(...samples.map((s) => s.foreignPct)) > 10
      ? ['warning: other processes used more than 10% of these cores during some runs; rerun on a quiet machine']
      : []),
    '',
  ].join('\n');
}

function describe(s: Sample): string {
  const p99 = s.p99Us === undefined ? 'n/a' : `${Math.round(s.p99Us)} µs`;
  return (
    `${s.tool.padEnd(9)} ${s.rps.toFixed(0).padStart(8)} req/s  p99 ${p99}  client cpu ${s.clientCpuPct.toFixed(0)}% ` +
    `(${s.clientCpuUsPerRequest.toFixed(1)} µs/req)  server cpu ${s.serverCpuPct.toFixed(0)}%  other load ${s.foreignPct.toFixed(0)}%`
  );
}

/** busy (not idle, not iowait) time of the given cores so far, from /proc/stat */
function coresBusyNs(cpus: number[]): number {
  let ticks = 0;
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m || !cpus.includes(Number(m[1]))) continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal ...; guest is already inside user
    ticks += f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
  }
  return (ticks * 1e9) / CLK_TCK;
}

function foreignPct(cores0: number, o: Options, ownNs: number, wallNs: number): number {
  const cpus = [...o.clientCpus, ...o.serverCpus];
  const busy = coresBusyNs(cpus) - cores0;
  return Math.max(0, ((busy - ownNs) / (wallNs * cpus.length)) * 100);
}

/** user+system CPU of a live process, from /proc/<pid>/stat */
function processCpuNs(pid: number): number {
  const f = statFields(`/proc/${pid}/stat`);
  return ((Number(f[11]) + Number(f[12])) * 1e9) / CLK_TCK;
}

/** user+system CPU of this process's reaped children (cutime+cstime) */
function childrenCpuNs(): number {
  const f = statFields('/proc/self/stat');
  return ((Number(f[13]) + Number(f[14])) * 1e9) / CLK_TCK;
}

/** the fields after "pid (comm)", so index 0 is field 3 (state) of proc(5) */
function statFields(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function capture(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

function requireCommand(command: string, args: string[], help: string): void {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  if (r.error) fail(help);
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 2000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  children.clear();
}

function log(message: string): void {
  process.stderr.write(message + '\n');
}

/** a problem the user can fix: one line, exit 2 (after stopping what we started) */
class ScriptUsageError extends Error {}

function fail(message: string): never {
  throw new ScriptUsageError(message);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`loadgen-ceiling: ${signal}, stopping`);
    void stopAll().then(() => process.exit(exitCodeForSignal(signal)));
  });
}

main().catch(async (error: unknown) => {
  await stopAll();
  if (error instanceof ScriptUsageError) {
    log(`loadgen-ceiling: ${error.message}`);
    process.exit(EXIT_USAGE);
  }
  console.error(error);
  process.exit(EXIT_INTERNAL);
});
