// One contract, every target: each folder of targets/ with a target.json is built natively, started
// as a real process on a free loopback port and must pass every case of targets/contract.json.
// A fourth target is tested by adding its folder; nothing here names a target.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllTargets, type LoadedTarget } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { loadContractFixture } from '../harness/contract/load-fixture.js';
import { materializeRequest, verifyContract } from '../harness/contract/verify.js';
import type { ContractFixture } from '../harness/contract/fixture-schema.js';
import { ProcessRuntime } from '../harness/runtime/process-runtime.js';
import type { RunningServer } from '../harness/runtime/runtime.js';
import type { Logger } from '../harness/log/logger.js';
import { freePort } from '../harness/net/free-port.js';
import { waitHealthy } from '../harness/measure/wait-healthy.js';
import { availableCpus } from '../harness/placement/available-cpus.js';
import { UsageError } from '../harness/errors.js';

/** Builds from a clean clone can take minutes on two cores (Rust with LTO). */
const BUILD_AND_START_MS = 15 * 60_000;
const HEALTHY_WITHIN_MS = 60_000;

const fixture = loadContractFixture();
const targets = loadAllTargets(targetsDir());
const log: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

describe('the contract fixture', () => {
  it('covers the cases the issue requires', () => {
    const statuses = fixture.cases.map((c) => `${c.request.method} ${c.request.path} ${c.expect.status}`);
    for (const required of ['GET /health 200', 'GET /json 200', 'POST /tool 200', 'POST /tool 400', 'POST /tool 413', 'GET /nope 404', 'POST /json 405']) {
      expect(statuses).toContain(required);
    }
    const bodies = fixture.cases.map((c) => c.expect.body ?? '').join('\n');
    for (const code of ['-32700', '-32601', '-32602', '-32600']) expect(bodies).toContain(`"code":${code}`);
    expect(fixture.defaults.headers).toEqual({ 'content-type': 'application/json' });
    expect(fixture.defaults.headersPresent).toEqual(expect.arrayContaining(['content-length', 'date', 'server']));
    expect(Object.keys(fixture.scenarios).sort()).toEqual(['json', 'mcp', 'mcp-churn', 'mcp-session', 'tool']);
  });

  it('gives the load generator ready-to-send scenario requests', () => {
    expect(materializeRequest(fixture.scenarios.json!)).toEqual({ method: 'GET', path: '/json', headers: {} });
    const tool = materializeRequest(fixture.scenarios.tool!);
    expect(tool.method).toBe('POST');
    expect(tool.headers['content-type']).toBe('application/json');
    expect(tool.headers['content-length']).toBe(String(Buffer.byteLength(tool.body!)));
    expect(JSON.parse(tool.body!)).toMatchObject({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'word_count' } });
    expect(Buffer.byteLength(tool.body!)).toBeGreaterThan(200);
  });

  it('materializes bodyOfSize exactly and replaces a stale content-length', () => {
    const request = materializeRequest({ method: 'POST', path: '/tool', headers: { 'Content-Length': '1' }, bodyOfSize: { bytes: 1048577, fill: 'a' } });
    expect(request.body).toHaveLength(1048577);
    expect(request.headers).toEqual({ 'content-type': 'application/json', 'content-length': '1048577' });
  });

  it('leaves content-length out of a chunked upload', () => {
    const request = materializeRequest({ method: 'POST', path: '/tool', headers: { 'transfer-encoding': 'chunked' }, body: '{}' });
    expect(request.headers).toEqual({ 'transfer-encoding': 'chunked', 'content-type': 'application/json' });
  });

  it('refuses a malformed fixture file with a one-line UsageError', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-contract-'));
    const cases: [string, string, RegExp][] = [
      ['not-json.json', '{', /not readable JSON/],
      ['no-cases.json', JSON.stringify({ cases: [], scenarios: {} }), /cases/],
      ['two-bodies.json', JSON.stringify({ cases: [{ name: 'x', request: { method: 'POST', path: '/tool', body: '{}', json: {} }, expect: { status: 200 } }], scenarios: {} }), /at most one of body, json, bodyOfSize/],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      expect(() => loadContractFixture(file)).toThrow(UsageError);
      expect(() => loadContractFixture(file)).toThrow(message);
      try {
        loadContractFixture(file);
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });
});

/** A tiny server on port 0 that answers every request the same way, right or wrong. */
async function withServer(handler: http.RequestListener, run: (baseUrl: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const healthOnly: ContractFixture = {
  defaults: { headers: { 'content-type': 'application/json' }, headersPresent: ['content-length', 'date', 'server'] },
  cases: [{ name: 'health', request: { method: 'GET', path: '/health', headers: {} }, expect: { status: 200, body: '{"status":"ok"}', headers: {}, headersPresent: [] } }],
  scenarios: {},
};

describe('verifyContract fails when it should', () => {
  it('passes a server that answers right', async () => {
    await withServer(
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': '15', server: 'tiny' }).end('{"status":"ok"}'),
      async (baseUrl) => expect(await verifyContract(baseUrl, healthOnly)).toEqual({ passed: true, failures: [] }),
    );
  });

  it('reports a wrong body, a wrong content-type and a missing Date, one line each', async () => {
    await withServer(
      (_req, res) => {
        res.sendDate = false;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '15', server: 'tiny' }).end('{"status":"OK"}');
      },
      async (baseUrl) => {
        const result = await verifyContract(baseUrl, healthOnly);
        expect(result.passed).toBe(false);
        expect(result.failures).toEqual([
          'case "health": expected body "{\\"status\\":\\"ok\\"}", got "{\\"status\\":\\"OK\\"}"',
          'case "health": expected header content-type: "application/json", got "application/json; charset=utf-8"',
          'case "health": expected header date to be present, it is missing',
        ]);
      },
    );
  });

  it('reports a wrong status in the documented form', async () => {
    await withServer(
      (_req, res) => res.writeHead(404, { 'content-type': 'application/json', 'content-length': '15', server: 'tiny' }).end('{"status":"ok"}'),
      async (baseUrl) => {
        expect((await verifyContract(baseUrl, healthOnly)).failures).toEqual(['case "health": expected status 200, got 404']);
      },
    );
  });

  it('reports a server that does not answer instead of throwing', async () => {
    const port = await freePort();
    const result = await verifyContract(`http://127.0.0.1:${port}`, healthOnly, { timeoutMs: 2000 });
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toMatch(/^case "health": request failed: .*ECONNREFUSED/);
  });

  it('refuses to send traffic off loopback', async () => {
    await expect(verifyContract('http://192.0.2.1:8080', healthOnly)).rejects.toThrow(UsageError);
  });
});

describe.each(targets.map((target): [string, LoadedTarget] => [target.manifest.name, target]))('target %s (native process)', (_name, target) => {
  const runtime = new ProcessRuntime();
  let server: RunningServer | undefined;

  beforeAll(async () => {
    const prepared = await runtime.prepare(target, log);
    // every core this process may use, so multi-worker set-ups (uvicorn's supervisor) run too
    server = await runtime.start(prepared, { port: await freePort(), cpus: availableCpus() });
    await waitHealthy(server.baseUrl, target.manifest.healthPath, server, HEALTHY_WITHIN_MS);
  }, BUILD_AND_START_MS);

  afterAll(async () => {
    await runtime.cleanup();
    runtime.dispose();
  });

  it('passes every contract case', async () => {
    const result = await verifyContract(server!.baseUrl, fixture);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    await server!.stop();
    expect(server!.exitReason()).toBe('exit code 0');
  });
});
