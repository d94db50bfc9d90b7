// A target of the user's own: its manifest's scenarios and contract mode decide what is verified
// and loaded; a system-binary/script target needs no build; init writes manifests that load.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { loadTarget } from '../harness/targets/load-targets.js';
import { targetContract, scenarioNames, verificationFixtures } from '../harness/scenarios/target-contract.js';
import { loadContractFixture, defaultContractFile } from '../harness/contract/load-fixture.js';
import { checkScenarioCoverage } from '../harness/bench/scenario-coverage.js';
import { initTarget } from '../harness/init/init-command.js';
import { INIT_LANGUAGES } from '../harness/init/init-templates.js';
import { saysNotReady } from '../harness/measure/wait-healthy.js';

const reference = loadContractFixture();

// A node:http server that answers /healthz "OK" (not JSON), GET /hello and POST /echo.
const SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/healthz') { res.end('OK'); return; }
    if (req.url === '/hello') { res.setHeader('content-type', 'text/plain'); res.end(process.env.HELLO ?? 'hello'); return; }
    if (req.url === '/echo' && req.method === 'POST') { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ ok: true, got: JSON.parse(body) })); return; }
    res.statusCode = 404; res.end();
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function ownTarget(manifest: Record<string, unknown>, name = 'mine'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-own-'));
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, 'server.cjs'), SERVER);
  writeFileSync(path.join(dir, name, 'run.sh'), '#!/bin/sh\nexec node server.cjs\n');
  chmodSync(path.join(dir, name, 'run.sh'), 0o755);
  const base = {
    name,
    language: 'JavaScript',
    framework: 'node:http',
    healthPath: '/healthz',
    contract: 'none',
    scenarios: {
      hello: { request: { method: 'GET', path: '/hello' }, expect: { status: 200, body: 'hello' } },
      echo: { request: { method: 'POST', path: '/echo', json: { text: 'a b' } }, expect: { status: 200, jsonSubset: { ok: true, got: { text: 'a b' } } } },
    },
    native: { requires: ['node'], build: [], run: ['./run.sh'], sizePaths: ['server.cjs', 'run.sh'], sizeKind: 'sources' },
  };
  writeFileSync(path.join(dir, name, 'target.json'), `// comments are allowed\n${JSON.stringify({ ...base, ...manifest }, null, 2)}\n`);
  return dir;
}

const quick = ['--runtime', 'process', '--duration', '0.3', '--warmup', '0', '--rewarm', '0', '--trials', '2', '--cold-starts', '1', '--connections', '2', '--no-report'];

describe('manifest-declared scenarios and contracts', () => {
  it('a contract-less target offers its own scenarios, each checked once; the reference targets keep their contract', () => {
    const dir = ownTarget({});
    const mine = targetContract(loadTarget(path.join(dir, 'mine')), reference, defaultContractFile());
    expect(mine.kind).toBe('none');
    expect(scenarioNames(mine)).toEqual(['hello', 'echo']);
    const fixtures = verificationFixtures(mine, ['echo'], '/healthz');
    expect(fixtures.flatMap((f) => f.cases.map((c) => c.name))).toEqual(['scenario echo']);

    const axum = targetContract(loadTarget(path.join(repoRoot, 'targets', 'axum')), reference, defaultContractFile());
    expect(axum.kind).toBe('reference');
    expect(scenarioNames(axum)).toEqual(Object.keys(reference.scenarios));
    const all = verificationFixtures(axum, ['json', 'tool'], '/health');
    // every reference case, then each scenario's own request answered 200
    expect(all[0]!.cases).toHaveLength(reference.cases.length);
    expect(all[1]!.cases.map((c) => [c.name, c.expect.status])).toEqual([['scenario json', 200], ['scenario tool', 200]]);
  });

  it('a scenario no selected target offers, or a target offering none of the asked, is refused before any build', () => {
    const dir = ownTarget({});
    const mine = targetContract(loadTarget(path.join(dir, 'mine')), reference, defaultContractFile());
    expect(() => checkScenarioCoverage(new Map([['mine', mine]]), ['tool'])).toThrow(/no selected target offers scenario "tool"/);
    const run = runCli(['bench', '--targets-dir', dir, '--targets', 'mine,axum', '--scenarios', 'json', ...quick]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toMatch(/^langbench: target mine offers none of the asked scenarios \(json\); it offers hello, echo: add one to --scenarios$/);
  });

  it('a contract file of its own is loaded from the target folder; a bad one is one line', () => {
    const dir = ownTarget({ contract: { file: 'my-contract.json' } });
    writeFileSync(path.join(dir, 'mine', 'my-contract.json'), JSON.stringify({ cases: [{ name: 'hello works', request: { method: 'GET', path: '/hello' }, expect: { status: 200 } }], scenarios: { 'hello-c': { method: 'GET', path: '/hello' } } }));
    const own = targetContract(loadTarget(path.join(dir, 'mine')), reference, defaultContractFile());
    expect(own.kind).toBe('own');
    expect(scenarioNames(own)).toEqual(['hello-c', 'hello', 'echo']);
    writeFileSync(path.join(dir, 'mine', 'my-contract.json'), '{"cases": []}');
    const bad = runCli(['bench', '--targets-dir', dir, ...quick]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/my-contract\.json: cases: .*see targets\/README\.md/);
  });

  it('measures a script target with no build on its own scenarios, after checking each one', () => {
    const dir = ownTarget({});
    const out = path.join(dir, 'result.json');
    const run = runCli(['bench', '--targets-dir', dir, ...quick, '--out', out], { timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/mine: nothing to build \(no native.build\), runs \.\/run\.sh/);
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      options: { targets: string[]; scenarios: string[] };
      targets: { name: string; status: string; contract?: unknown; sizeBytes: number; verification: { passed: boolean }; scenarios: { name: string; request: { method: string; path: string; body?: string } }[] }[];
    };
    // with --targets-dir and no --targets, only that folder's targets run
    expect(result.options.targets).toEqual(['mine']);
    const [mine] = result.targets;
    expect(mine!.status).toBe('ok');
    expect(mine!.contract).toEqual({ kind: 'none', file: null });
    expect(mine!.verification.passed).toBe(true);
    expect(mine!.sizeBytes).toBe(Buffer.byteLength(SERVER) + Buffer.byteLength('#!/bin/sh\nexec node server.cjs\n'));
    expect(mine!.scenarios.map((s) => [s.name, s.request.method, s.request.path, s.request.body])).toEqual([
      ['hello', 'GET', '/hello', undefined],
      ['echo', 'POST', '/echo', '{"text":"a b"}'],
    ]);
  }, 150_000);

  it('a scenario whose check fails is not loaded: failed verification names the scenario', () => {
    const dir = ownTarget({ native: { requires: ['node'], build: [], run: ['./run.sh'], runEnv: { HELLO: 'bye' }, sizePaths: ['server.cjs'], sizeKind: 'sources' } });
    const out = path.join(dir, 'result.json');
    const run = runCli(['bench', '--targets-dir', dir, '--scenarios', 'hello', ...quick, '--out', out], { timeoutMs: 120_000 });
    expect(run.status).not.toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { targets: { status: string; verification: { failures: string[] }; scenarios?: { trials: unknown[] }[] }[] };
    expect(result.targets[0]!.status).toBe('failed-verification');
    expect(result.targets[0]!.verification.failures).toEqual(['case "scenario hello": expected body "hello", got "bye"']);
  }, 150_000);
});

describe('a bring-your-own MCP server', () => {
  it('examples/node-mcp (the TypeScript SDK): verified with the MCP client, then loaded with a session per connection', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-byo-mcp-')), 'result.json');
    const run = runCli(['bench', '--targets-dir', path.join(repoRoot, 'examples'), '--targets', 'node-mcp', ...quick, '--out', out], { timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { targets: { status: string; verification: { passed: boolean }; scenarios: { name: string; trials: { ok?: number; rps: number; non2xx: number; errors: number }[] }[] }[] };
    const [target] = result.targets;
    expect(target!.status).toBe('ok');
    expect(target!.verification.passed).toBe(true);
    expect(target!.scenarios.map((s) => s.name)).toEqual(['mcp', 'mcp-session']);
    for (const s of target!.scenarios) for (const t of s.trials) expect([t.rps > 0, t.non2xx, t.errors]).toEqual([true, 0, 0]);
  }, 150_000);

  it('a declared MCP scenario on a server that does not speak MCP fails verification, not the load', () => {
    const dir = ownTarget({ scenarios: { mcp: { request: { method: 'POST', path: '/echo', json: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, mcp: { stateful: false } }, expect: { status: 200 } } } });
    const out = path.join(dir, 'result.json');
    const run = runCli(['bench', '--targets-dir', dir, ...quick, '--out', out], { timeoutMs: 120_000 });
    expect(run.status).toBe(3);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { targets: { status: string; verification: { failures: string[] } }[] };
    expect(result.targets[0]!.status).toBe('failed-verification');
    expect(result.targets[0]!.verification.failures).toEqual([expect.stringMatching(/^MCP \/echo: initialize failed: /)]);
  }, 150_000);
});

describe('manifest rules', () => {
  it('a build needs an artifact and sources; a target needs native or docker; image excludes offline', () => {
    const noArtifact = ownTarget({ native: { build: [['make']], run: ['./run.sh'], sizePaths: ['run.sh'] } });
    expect(() => loadTarget(path.join(noArtifact, 'mine'))).toThrow(/native: a native.build needs native.artifact and native.sources/);
    const neither = ownTarget({ native: undefined });
    expect(() => loadTarget(path.join(neither, 'mine'))).toThrow(/give native \(run as a process\), docker \(run as a container\), or both/);
    const both = ownTarget({ docker: { image: 'x:y', offline: { dockerfile: 'D', context: ['a'] } } });
    expect(() => loadTarget(path.join(both, 'mine'))).toThrow(/docker.image is used as it is: give it or docker.offline, not both/);
  });

  it('an image-only target is refused on the process runtime with the fix', () => {
    const dir = ownTarget({ native: undefined, docker: { image: 'example/server:1' } });
    const run = runCli(['bench', '--targets-dir', dir, ...quick]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toMatch(/^langbench: mine: .*target\.json has no "native" section, so it runs only as a container; use --runtime docker/);
  });

  it('a JSON error in a commented manifest names its line and column', () => {
    const dir = ownTarget({});
    writeFileSync(path.join(dir, 'mine', 'target.json'), '// mine\n{\n  "name": "mine"\n  "language": "x"\n}\n');
    const run = runCli(['targets', '--targets-dir', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toMatch(/target\.json: not readable JSON \(CommaExpected at line 4, column 3\)/);
  });

  it('health: a 200 is ready unless its JSON says another status', () => {
    expect(saysNotReady('OK')).toBe(false);
    expect(saysNotReady('')).toBe(false);
    expect(saysNotReady('{"status":"ok"}')).toBe(false);
    expect(saysNotReady('{"status":"starting"}')).toBe(true);
  });
});

describe('langbench init', () => {
  it.each(INIT_LANGUAGES)('%s: writes a target.json that loads, and never overwrites', (language) => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'langbench-init-'));
    const { written } = initTarget(path.join(parent, `my-${language}`), language);
    expect(written.map((f) => path.basename(f))).toEqual(language === 'other' ? ['target.json'] : ['target.json', 'Dockerfile']);
    const target = loadTarget(path.join(parent, `my-${language}`));
    expect(target.manifest.name).toBe(`my-${language}`);
    expect(target.manifest.contract).toBe('none');
    expect(Object.keys(target.manifest.scenarios)).toEqual(['hello']);
    expect(readFileSync(written[0]!, 'utf8')).toMatch(/^\/\/ A langbench target/);
    const again = runCli(['init', path.join(parent, `my-${language}`), '--language', language]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/target\.json already exists; init writes only into a folder without/);
  });

  it('an unknown language is one line and exit 2', () => {
    const run = runCli(['init', path.join(os.tmpdir(), 'x-y'), '--language', 'cobol']);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toBe('langbench: --language must be one of rust, go, python, node, other, got "cobol"');
  });
});
