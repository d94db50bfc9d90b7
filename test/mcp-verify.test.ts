// MCP scenarios: each endpoint is verified with the official TypeScript SDK client before load
// (initialize, tools/list, every successful /tool case as tools/call, the failing tool), against
// the fake runtime's SDK server; a wrong answer is one failure line naming the case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from './support/run-cli.js';
import { loadContractFixture } from '../harness/contract/load-fixture.js';
import { FakeMcp } from '../harness/runtime/fake-mcp.js';
import { referenceMcpExpectations, verifyMcp, ANY_MCP_SERVER } from '../harness/mcp/verify-mcp.js';
import { mcpToolChecks } from '../harness/mcp/mcp-checks.js';
import type { ContractFixture } from '../harness/contract/fixture-schema.js';

const fixture = loadContractFixture();

/** the connections the requests of /mcp-session came on, since the last reset */
const sessionSockets = new Set<unknown>();

function serve(mcp: FakeMcp): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.url === '/mcp-session') sessionSockets.add(request.socket);
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!mcp.handles(request.url ?? '')) return void response.writeHead(404).end();
      void mcp.handle(request, response, text ? JSON.parse(text) : undefined);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: async () => {
          await mcp.close();
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
        },
      }),
    ),
  );
}

describe('MCP verification with the official client', () => {
  let good: { url: string; close: () => Promise<void> };
  let wrong: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    good = await serve(new FakeMcp(fixture));
    // a server whose sha256 answers are wrong
    const skewed: ContractFixture = { ...fixture, cases: fixture.cases.map((c) => (c.name === 'sha256' ? { ...c, expect: { ...c.expect, body: c.expect.body!.replace(/"text":"[0-9a-f]+"/, '"text":"beef"') } } : c)) };
    wrong = await serve(new FakeMcp(skewed));
  });
  afterAll(async () => {
    await good.close();
    await wrong.close();
  });

  it('derives one tools/call check per successful /tool case of the contract', () => {
    const checks = mcpToolChecks(fixture);
    expect(checks.length).toBeGreaterThanOrEqual(10);
    expect(checks.find((c) => c.name === 'word_count (the issue\'s example)')).toEqual({ name: 'word_count (the issue\'s example)', tool: 'word_count', arguments: { text: 'a b  c' }, text: '3' });
  });

  it('passes a server that answers as /tool, stateless and with sessions', async () => {
    expect(await verifyMcp(good.url, { path: '/mcp', stateful: false, revision: '2025-11-25' }, referenceMcpExpectations(fixture))).toEqual([]);
    expect(await verifyMcp(good.url, { path: '/mcp-session', stateful: true, revision: '2025-11-25' }, referenceMcpExpectations(fixture))).toEqual([]);
  });

  it('keeps a session on one connection (a server of several worker processes keeps it in one)', async () => {
    sessionSockets.clear();
    expect(await verifyMcp(good.url, { path: '/mcp-session', stateful: true, revision: '2025-11-25' }, referenceMcpExpectations(fixture))).toEqual([]);
    expect(sessionSockets.size).toBe(1);
  });

  it('names the case a wrong answer breaks, and a session that is missing or unexpected', async () => {
    const failures = await verifyMcp(wrong.url, { path: '/mcp', stateful: false, revision: '2025-11-25' }, referenceMcpExpectations(fixture));
    expect(failures).toEqual(['MCP /mcp: case "sha256": expected "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", got "beef"']);
    expect(await verifyMcp(good.url, { path: '/mcp', stateful: true, revision: '2025-11-25' }, ANY_MCP_SERVER)).toEqual(['MCP /mcp: initialize answered without an Mcp-Session-Id (expected a session)']);
    expect(await verifyMcp(good.url, { path: '/mcp-session', stateful: false, revision: '2025-11-25' }, ANY_MCP_SERVER)).toEqual([expect.stringMatching(/^MCP \/mcp-session: a stateless endpoint handed out session /)]);
    const none = await verifyMcp(good.url, { path: '/nope', stateful: false, revision: '2025-11-25' }, ANY_MCP_SERVER);
    expect(none).toHaveLength(1);
    expect(none[0]).toMatch(/^MCP \/nope: initialize failed: /);
  });

  it('mcp-session on the autocannon engine is refused before anything runs', () => {
    const run = runCli(['bench', '--runtime', 'fake', '--engine', 'autocannon', '--trials', '2', '--no-report']);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toBe('langbench: scenario mcp-session opens a session per connection, which only the socket engine does: drop --engine autocannon, or leave mcp-session out of --scenarios');
  });

  it('bench verifies and loads mcp, mcp-session and mcp-churn, recording the revision each spoke (fake runtime)', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-mcp-')), 'result.json');
    const run = runCli(['bench', '--runtime', 'fake', '--targets', 'go-nethttp', '--scenarios', 'tool,mcp,mcp-session,mcp-churn', '--wait', '--duration', '0.3', '--warmup', '0', '--rewarm', '0', '--trials', '3', '--cold-starts', '1', '--out', out], { timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { targets: { verification: { passed: boolean }; scenarios: { name: string; request: { path: string }; mcpRevision?: string }[] }[] };
    expect(result.targets[0]!.verification.passed).toBe(true);
    expect(result.targets[0]!.scenarios.map((s) => [s.name, s.request.path, s.mcpRevision])).toEqual([
      ['tool', '/tool', undefined],
      ['mcp', '/mcp', '2026-07-28'],
      ['mcp-session', '/mcp-session', '2025-11-25'],
      ['mcp-churn', '/mcp-session', '2025-11-25'],
    ]);
    // the report sets the SDK's endpoints beside /tool, with per-round ratios (fake: 9.0K and 8.0K vs 12.1K)
    const md = readFileSync(out.replace(/\.json$/, '.md'), 'utf8');
    expect(md).toContain("## The MCP tax: the official SDK beside the hand-written /tool");
    expect(md).toMatch(/\| go-nethttp \| \/mcp, MCP via the SDK, stateless \(2026-07-28\) \| 9\.\d+K[^|]* \| 0\.7\d+× /);
    expect(md).toMatch(/\| go-nethttp \| \/mcp-session, MCP via the SDK, with sessions \(2025-11-25\) \| [78]\.\d+K[^|]* \| 0\.6\d+× /);
    expect(md).toMatch(/\| go-nethttp \| \/mcp-session, MCP via the SDK, a session per call \(2025-11-25\) \| 2\.\d+K[^|]* \| 0\.1\d+× /);
  });
});
