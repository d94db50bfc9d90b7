// runLoad against a tiny real node:http server on port 0. The load workers are worker_threads
// scripts that vitest does not transform, so runLoad is exercised through the compiled output
// (`npm test` builds first; alone: `npx tsc -p . && npx vitest run test/load.test.ts`).
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadOptions, LoadResult } from '../harness/load/load-types.js';

const dist = (file: string): string => fileURLToPath(new URL(`../dist/harness/load/${file}`, import.meta.url));
if (!existsSync(dist('load-worker.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before vitest');

const { runLoad, splitConnections } = (await import(dist('run-load.js'))) as typeof import('../harness/load/run-load.js');
const { parseWrkOutput } = (await import(dist('wrk-output.js'))) as typeof import('../harness/load/wrk-output.js');
const { requireLoopbackUrl } = (await import(fileURLToPath(new URL('../dist/harness/net/loopback.js', import.meta.url)))) as typeof import('../harness/net/loopback.js');

const BODY = JSON.stringify({ message: 'Hello, World!' });

/** blocks this thread for `us` microseconds: a server-side floor no timer can undercut */
function spin(us: number, fromNs = process.hrtime.bigint()): void {
  const until = fromNs + BigInt(us * 1000);
  while (process.hrtime.bigint() < until);
}

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const arrived = process.hrtime.bigint();
  const reply = (status: number): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(BODY) });
    res.end(BODY);
  };
  if (req.url === '/fast') reply(200);
  else if (req.url === '/spin300us') {
    spin(300, arrived);
    reply(200);
  } else if (req.url === '/delay5ms') {
    // a timer may fire up to 1 ms early against the real clock; top it up to exactly 5 ms
    setTimeout(() => {
      spin(5000, arrived);
      reply(200);
    }, 5);
  } else if (req.url === '/error') reply(500);
  else reply(404);
}

let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function load(path: string, overrides: Partial<LoadOptions> = {}): Promise<LoadResult> {
  return runLoad({
    baseUrl,
    request: { method: 'GET', path, headers: {} },
    connections: 4,
    durationS: 1,
    workers: 2,
    ...overrides,
  });
}

function openConnections(): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
}

describe('runLoad against a real server', () => {
  it('counts add up and the rate is plausible', async () => {
    const progress: number[] = [];
    const r = await load('/fast', { durationS: 2.2, onProgress: (rps) => progress.push(rps) });
    expect(r.ok).toBeGreaterThan(500);
    expect(r.non2xx).toBe(0);
    expect(r.errors).toBe(0);
    expect(r.timeouts).toBe(0);
    expect(r.durationS).toBeGreaterThan(2.1);
    expect(r.durationS).toBeLessThan(3);
    expect(r.rps).toBeCloseTo(r.ok / r.durationS, -1);
    const h = hdr.decodeFromCompressedBase64(r.histogram, 32, false);
    expect(h.totalCount).toBe(r.ok + r.non2xx);
    h.destroy();
    expect(r.clientCpuNs).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.every((x) => x > 0)).toBe(true);
  }, 15_000);

  it('records microseconds, not 1 ms buckets, with ordered percentiles', async () => {
    const r = await load('/spin300us', { connections: 1, workers: 1 });
    const { p50, p90, p99, p999, p9999, max, mean } = r.latencyUs;
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(p999);
    expect(p999).toBeLessThanOrEqual(p9999);
    expect(p9999).toBeLessThanOrEqual(max);
    // a 300 µs server reads as a few hundred µs: neither 0 nor 1000
    expect(p50).toBeGreaterThanOrEqual(300);
    expect(p50 % 1000 !== 0 || p90 % 1000 !== 0).toBe(true);
    expect(mean).toBeGreaterThanOrEqual(300);
    expect(Number.isInteger(mean)).toBe(false);
  }, 15_000);

  it('a 5 ms server gives p50 >= 5000 µs', async () => {
    const r = await load('/delay5ms', { connections: 2 });
    expect(r.ok).toBeGreaterThan(50);
    expect(r.latencyUs.p50).toBeGreaterThanOrEqual(5000);
    expect(r.latencyUs.p50).toBeLessThan(50_000);
  }, 15_000);

  it('counts a 500 as non-2xx, not as ok', async () => {
    const r = await load('/error');
    expect(r.non2xx).toBeGreaterThan(100);
    expect(r.ok).toBe(0);
    expect(r.rps).toBe(0);
    expect(r.errors).toBe(0);
  }, 15_000);

  it('counts errors when nothing listens', async () => {
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    const r = await runLoad({
      baseUrl: `http://127.0.0.1:${port}`,
      request: { method: 'GET', path: '/', headers: {} },
      connections: 2,
      durationS: 0.5,
      workers: 1,
    });
    expect(r.errors).toBeGreaterThan(0);
    expect(r.ok).toBe(0);
    expect(r.latencyUs.p50).toBe(0);
  }, 15_000);

  it('sends method, headers and body', async () => {
    const seen: { method?: string; header?: string; body?: string } = {};
    const echo = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        Object.assign(seen, { method: req.method, header: req.headers['x-probe'], body });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const r = await runLoad({
        baseUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
        request: { method: 'POST', path: '/tool', headers: { 'content-type': 'application/json', 'x-probe': 'yes' }, body: '{"a":1}' },
        connections: 1,
        durationS: 0.3,
        workers: 1,
      });
      expect(r.ok).toBeGreaterThan(0);
      expect(seen).toEqual({ method: 'POST', header: 'yes', body: '{"a":1}' });
    } finally {
      echo.closeAllConnections();
      await new Promise((resolve) => echo.close(resolve));
    }
  }, 15_000);

  it('sends exactly one Content-Length even when the request carries its own (uvicorn answers duplicates with 400)', async () => {
    const lengths: string[][] = [];
    const echo = http.createServer((req, res) => {
      const raw = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'content-length');
      lengths.push(raw);
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const body = '{"jsonrpc":"2.0"}';
      const r = await runLoad({
        baseUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
        request: { method: 'POST', path: '/tool', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body },
        connections: 1,
        durationS: 0.3,
        workers: 1,
      });
      expect(r.ok).toBeGreaterThan(0);
      expect(lengths.length).toBeGreaterThan(0);
      for (const seen of lengths) expect(seen).toHaveLength(1);
    } finally {
      echo.closeAllConnections();
      await new Promise((resolve) => echo.close(resolve));
    }
  }, 15_000);

  it('stops every worker and socket promptly on abort, and rejects with the reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = load('/fast', { durationS: 30, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 500);
    await expect(run).rejects.toThrow('user pressed Ctrl-C');
    expect(Date.now() - started).toBeLessThan(2500);
    // the server sees the sockets close right after
    for (let i = 0; i < 50 && (await openConnections()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await openConnections()).toBe(0);
  }, 15_000);

  it('rejects with the cause when a worker fails', async () => {
    const failed = load('/fast', { request: { method: 'BREW', path: '/', headers: {} } });
    await expect(failed).rejects.toThrow('a load worker failed');
    await expect(failed).rejects.toMatchObject({ cause: { message: expect.stringMatching(/BREW/) } });
  }, 15_000);

  it('rejects an already aborted signal before starting', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(load('/fast', { signal: controller.signal })).rejects.toThrow('too late');
  });
});

describe('runLoad refuses bad input before sending anything', () => {
  it.each(['http://10.0.0.1:8080', 'http://192.168.1.2', 'http://example.com', 'http://0.0.0.0:80', 'http://128.0.0.1', 'https://127.0.0.1'])(
    'refuses %s',
    async (url) => {
      await expect(load('/fast', { baseUrl: url })).rejects.toMatchObject({ name: 'UsageError', exitCode: 2 });
    },
  );

  it.each([
    { connections: 0 },
    { workers: 0 },
    { connections: 1.5 },
    { durationS: 0 },
    { durationS: Number.NaN },
  ])('refuses %o', async (bad) => {
    await expect(load('/fast', bad)).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('accepts every loopback spelling', () => {
    for (const url of ['http://127.0.0.1:1', 'http://127.8.9.10', 'http://localhost:80', 'http://[::1]:8080']) {
      expect(requireLoopbackUrl(url).href).toBe(new URL(url).href);
    }
  });
});

describe('splitConnections', () => {
  it.each([
    [64, 1, [64]],
    [64, 3, [22, 21, 21]],
    [4, 2, [2, 2]],
    [2, 4, [1, 1]],
    [1, 1, [1]],
  ])('%i connections over %i workers', (connections, workers, expected) => {
    expect(splitConnections(connections, workers)).toEqual(expected);
    expect(splitConnections(connections, workers).reduce((a, b) => a + b, 0)).toBe(connections);
  });
});

describe('parseWrkOutput', () => {
  const output = `Running 5s test @ http://127.0.0.1:18099/json
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.37ms  848.62us   8.14ms   66.52%
    Req/Sec    47.99k     3.21k   52.11k    70.00%
  Latency Distribution
     50%    1.21ms
     75%    1.80ms
     90%    2.43ms
     99%  812.00us
  238910 requests in 5.01s, 33.67MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:  47658.96
Transfer/sec:      6.72MB
`;
  it('reads req/s, p99 in µs and errors', () => {
    expect(parseWrkOutput(output)).toEqual({ rps: 47658.96, p99Us: 812, errors: 10 });
    expect(parseWrkOutput(output.replace('812.00us', '2.50ms')).p99Us).toBe(2500);
  });
  it('fails loudly on output it does not understand', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/Requests\/sec/);
  });
});
