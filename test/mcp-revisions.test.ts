// MCP per protocol revision: the contract's mcp scenario is a self-contained 2026-07-28 tools/call,
// mcp-session and mcp-churn speak 2025-11-25; each scenario's flow is verified against the fake
// runtime's SDK server before load, and compare never pairs two revisions of one scenario.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContractFixture } from '../harness/contract/load-fixture.js';
import type { ContractFixture } from '../harness/contract/fixture-schema.js';
import { verifyContract, verifySessionScenario } from '../harness/contract/verify.js';
import { FakeMcp } from '../harness/runtime/fake-mcp.js';
import { referenceMcpExpectations } from '../harness/mcp/verify-mcp.js';
import { verifyMcpEndpoint } from '../harness/mcp/verify-endpoint.js';
import { recordedRevision } from '../harness/mcp/mcp-revision.js';
import { mcpEndpoints, sessionChecks, verificationFixtures, type TargetContract } from '../harness/scenarios/target-contract.js';
import { defaultScenarios } from '../harness/bench/scenario-coverage.js';
import { compareResults } from '../harness/compare/compare-results.js';
import { renderComparison } from '../harness/compare/render-comparison.js';
import { UsageError } from '../harness/errors.js';
import { alterTarget, baseline } from './fixtures/results/variants.js';
import { runCli } from './support/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const fixture = loadContractFixture();
const contractOf = (f: ContractFixture): TargetContract => ({ kind: 'reference', file: 'contract.json', fixture: f, declared: {} });
const reference = contractOf(fixture);

function serve(mcp: FakeMcp): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
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

/** the fixture with one scenario's request changed */
function withScenario(name: string, change: (s: ContractFixture['scenarios'][string]) => void): ContractFixture {
  const copy = structuredClone(fixture);
  change(copy.scenarios[name]!);
  return copy;
}

describe('the contract speaks one revision per scenario', () => {
  it('mcp is a self-contained 2026-07-28 tools/call: version and capabilities in _meta, SEP-2243 headers, no session', () => {
    const mcp = fixture.scenarios.mcp!;
    expect(mcp.session).toBeUndefined();
    expect(mcp.headers).toMatchObject({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'word_count' });
    const body = mcp.json as { method: string; params: { name: string; _meta: Record<string, unknown> } };
    expect(body.method).toBe('tools/call');
    expect(body.params._meta['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    expect(body.params._meta['io.modelcontextprotocol/clientCapabilities']).toEqual({});
  });

  it('mcp-session and mcp-churn initialize on 2025-11-25; churn ends every session itself and is not in the default run', () => {
    for (const name of ['mcp-session', 'mcp-churn']) {
      const s = fixture.scenarios[name]!;
      expect(s.headers['mcp-protocol-version']).toBe('2025-11-25');
      expect((s.session!.setup[0]!.json as { params: { protocolVersion: string } }).params.protocolVersion).toBe('2025-11-25');
      expect(s.session!.teardown?.method).toBe('DELETE');
    }
    expect(fixture.scenarios['mcp-session']!.session!.lifetime).toBe('connection');
    expect(fixture.scenarios['mcp-churn']!.session!.lifetime).toBe('operation');
    expect(defaultScenarios([reference])).toEqual(['json', 'tool', 'mcp', 'mcp-session']);
  });

  it('each MCP endpoint is verified at the revision its scenarios speak', () => {
    expect(mcpEndpoints(reference, ['mcp', 'mcp-session', 'mcp-churn'])).toEqual([
      { path: '/mcp', stateful: false, revision: '2026-07-28' },
      { path: '/mcp-session', stateful: true, revision: '2025-11-25' },
    ]);
  });
});

describe('each scenario verified against the fake runtime\'s SDK server', () => {
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

  it('mcp: the scenario request is answered without a handshake, and /mcp serves every tool at 2026-07-28', async () => {
    for (const f of verificationFixtures(reference, ['mcp'], '/health').slice(1)) expect((await verifyContract(good.url, f)).failures).toEqual([]);
    const [endpoint] = mcpEndpoints(reference, ['mcp']);
    expect(await verifyMcpEndpoint(good.url, endpoint!, referenceMcpExpectations(fixture))).toEqual([]);
  });

  it('mcp: a wrong answer, and an endpoint that needs a handshake, are one line each', async () => {
    const [endpoint] = mcpEndpoints(reference, ['mcp']);
    expect(await verifyMcpEndpoint(wrong.url, endpoint!, referenceMcpExpectations(fixture))).toEqual([
      'MCP /mcp (2026-07-28): case "sha256": expected "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", got "beef"',
    ]);
    const sessions = await verifyMcpEndpoint(good.url, { ...endpoint!, path: '/mcp-session' }, referenceMcpExpectations(fixture));
    expect(sessions).toEqual([expect.stringMatching(/^MCP \/mcp-session \(2026-07-28\): tools\/list without a handshake: answered 400: /)]);
  });

  it('mcp: the fake refuses a request whose Mcp-Name is not the tool it calls (SEP-2243)', async () => {
    const misnamed = contractOf(withScenario('mcp', (s) => (s.headers['mcp-name'] = 'add')));
    const [f] = verificationFixtures(misnamed, ['mcp'], '/health').slice(1);
    expect((await verifyContract(good.url, f!)).failures).toEqual(['case "scenario mcp": expected status 200, got 400']);
  });

  it('mcp-session and mcp-churn: initialize, initialized, tools/call and DELETE pass; the official client passes /mcp-session', async () => {
    const checks = sessionChecks(reference, ['mcp-session', 'mcp-churn']);
    expect(checks.map((c) => c.session.lifetime)).toEqual(['connection', 'operation']);
    for (const { check, session } of checks) expect(await verifySessionScenario(good.url, check, session)).toEqual([]);
    const [endpoint] = mcpEndpoints(reference, ['mcp-churn']);
    expect(await verifyMcpEndpoint(good.url, endpoint!, referenceMcpExpectations(fixture))).toEqual([]);
  });

  it('mcp-churn: a teardown that fails fails verification (mcp-session only tidies up with it)', async () => {
    const broken = (name: string) => contractOf(withScenario(name, (s) => (s.session!.teardown!.path = '/nope')));
    const [churn] = sessionChecks(broken('mcp-churn'), ['mcp-churn']);
    expect(await verifySessionScenario(good.url, churn!.check, churn!.session)).toEqual(['case "scenario mcp-churn": teardown (DELETE /nope) answered 404: ""']);
    const [session] = sessionChecks(broken('mcp-session'), ['mcp-session']);
    expect(await verifySessionScenario(good.url, session!.check, session!.session)).toEqual([]);
  });

  it('a session whose initialize the server answers on another revision is refused', async () => {
    const old = contractOf(withScenario('mcp-session', (s) => ((s.session!.setup[0]!.json as { params: { protocolVersion: string } }).params.protocolVersion = '2024-01-01')));
    const [c] = sessionChecks(old, ['mcp-session']);
    expect(await verifySessionScenario(good.url, c!.check, c!.session)).toEqual([
      'case "scenario mcp-session": setup request 1 (POST /mcp-session): initialize asked for protocol 2024-01-01, the server agreed on 2025-11-25',
    ]);
  });
});

describe('compare never pairs two revisions of one scenario', () => {
  /** every target's json scenario turned into an MCP one, speaking `revision` (undefined: an older file) */
  const asMcp = (revision: string | undefined, keepJson = false) =>
    alterTarget(baseline(), null, (t) => {
      const mcp = { ...structuredClone(t.scenarios[0]!), name: 'mcp', request: { method: 'POST', path: '/mcp' }, ...(revision ? { mcpRevision: revision } : {}) };
      t.scenarios = keepJson ? [...t.scenarios, mcp] : [mcp];
    });

  it('reads an MCP scenario of an older file as 2025-06-18, a non-MCP one as none', () => {
    expect(recordedRevision({ name: 'mcp-session', request: { method: 'POST', path: '/mcp-session' } })).toBe('2025-06-18');
    expect(recordedRevision({ name: 'mcp', mcpRevision: '2026-07-28' })).toBe('2026-07-28');
    expect(recordedRevision({ name: 'json', request: { method: 'GET', path: '/json' } })).toBeUndefined();
  });

  it('leaves the pair out with a one-line reason, comparing the rest', () => {
    const c = compareResults({ label: 'old.json', result: asMcp(undefined, true) }, { label: 'new.json', result: asMcp('2026-07-28', true) });
    expect(c.rows.filter((r) => r.scenario === 'mcp')).toEqual([]);
    expect(c.rows.filter((r) => r.scenario === 'json').length).toBeGreaterThan(0);
    expect(c.revisionsDiffer.map((d) => d.scenario)).toEqual(['go-nethttp/mcp', 'axum/mcp', 'fastapi/mcp']);
    const lines = renderComparison(c, 'table', 'test').split('\n').filter((l) => l.includes('protocol revision'));
    expect(lines).toEqual([expect.stringContaining('another MCP protocol revision in each file (not compared): go-nethttp/mcp (2025-06-18 in baseline, 2026-07-28 in current), axum/mcp')]);
  });

  it('the same revision on both sides compares as before', () => {
    const c = compareResults({ label: 'a.json', result: asMcp('2026-07-28') }, { label: 'b.json', result: asMcp('2026-07-28') });
    expect(c.revisionsDiffer).toEqual([]);
    expect(c.rows.some((r) => r.scenario === 'mcp' && r.metric === 'rps')).toBe(true);
  });

  it('refuses (usage error) when every scenario in common spoke another revision', () => {
    const run = () => compareResults({ label: 'old.json', result: asMcp(undefined) }, { label: 'new.json', result: asMcp('2026-07-28') });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/^nothing to compare: every scenario the two files share spoke another MCP protocol revision in each \(go-nethttp\/mcp spoke 2025-06-18 in old\.json, 2026-07-28 in new\.json; /);
  });

  it('langbench compare and gate exit 2 with the one-line reason, no stack trace', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-revisions-'));
    const [old, now] = [path.join(dir, 'old.json'), path.join(dir, 'new.json')];
    writeFileSync(old, JSON.stringify(asMcp(undefined)));
    writeFileSync(now, JSON.stringify(asMcp('2026-07-28')));
    for (const args of [['compare', old, now], ['gate', '--baseline', old, '--current', now]]) {
      const run = runCli(args);
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^langbench: nothing to compare: every scenario the two files share spoke another MCP protocol revision in each \(go-nethttp\/mcp spoke 2025-06-18 in /)]);
    }
  });
});
