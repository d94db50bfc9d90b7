// Two machines (issue 14), unit level: the options that opt into traffic beyond loopback and their
// refusals, the one address the loopback check then lets through, the placement across two hosts,
// the engine host's facts, the network baseline, and the rule that a two-machine run is its own
// kind in compare and gate.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTwoMachineOptions, parseServerAddress } from '../harness/remote/two-machine-options.js';
import { remoteEngineEndpoint, displayEndpoint } from '../harness/remote/engine-endpoint.js';
import { engineClientOptions, engineEnv } from '../harness/remote/engine-client.js';
import { engineHostFromInfo } from '../harness/remote/engine-host.js';
import { twoMachinePlacement, twoMachinesRecord } from '../harness/remote/two-machine-run.js';
import { measureNetworkBaseline, summarizeLatencies } from '../harness/remote/network-baseline.js';
import { allowServerAddress, requireLoopbackUrl } from '../harness/net/loopback.js';
import { EXIT_INCONCLUSIVE, EXIT_OK, UsageError } from '../harness/errors.js';
import { gateResults } from '../harness/gate/gate-results.js';
import { preflightGate } from '../harness/gate/preflight-gate.js';
import { compareResults } from '../harness/compare/compare-results.js';
import { layoutOf } from '../harness/results/run-layout.js';
import { resultFileSchema, type ResultFile } from '../harness/results/schema.js';
import { baseline, writeTemp } from './fixtures/results/variants.js';
import { twoMachinesText } from '../harness/output/two-machines-text.js';
import { placementText } from '../harness/report/describe-run.js';

const noEnv = {} as NodeJS.ProcessEnv;
const emptyHome = mkdtempSync(path.join(os.tmpdir(), 'lb-home-'));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('--docker-host and --server-address', () => {
  it('default: no remote engine, a one-machine run', () => {
    expect(parseTwoMachineOptions({}, noEnv, emptyHome)).toBeNull();
    expect(parseTwoMachineOptions({}, { DOCKER_HOST: 'unix:///var/run/docker.sock' }, emptyHome)).toBeNull();
  });

  it('both given: the engine and the address', () => {
    expect(parseTwoMachineOptions({ dockerHost: 'tcp://10.231.0.2:2375', serverAddress: '10.231.0.2' }, noEnv, emptyHome)).toEqual({
      engine: { url: 'tcp://10.231.0.2:2375', source: '--docker-host', tls: false },
      serverAddress: '10.231.0.2',
    });
    expect(parseTwoMachineOptions({ dockerHost: 'ssh://bench@server.lan', serverAddress: 'server.lan' }, noEnv, emptyHome)?.engine.source).toBe('--docker-host');
  });

  it.each([
    [{ serverAddress: '10.0.0.2' }, noEnv, /^--server-address needs a remote engine .*add --docker-host/],
    [{ dockerHost: 'tcp://10.0.0.2:2376' }, noEnv, /^--docker-host points at the engine tcp:\/\/10\.0\.0\.2:2376 on another host.*add --server-address ADDR/],
    [{}, { DOCKER_HOST: 'tcp://10.0.0.2:2376' }, /^DOCKER_HOST points at .*add --server-address ADDR.*or unset DOCKER_HOST/],
    [{ dockerHost: 'unix:///var/run/docker.sock', serverAddress: '10.0.0.2' }, noEnv, /uses unix:; a remote engine is tcp:\/\/HOST:PORT or ssh:\/\/USER@HOST/],
    [{ dockerHost: 'tcp://10.0.0.2', serverAddress: '10.0.0.2' }, noEnv, /names no port/],
    [{ dockerHost: 'not a url', serverAddress: '10.0.0.2' }, noEnv, /is not a URL/],
    [{ dockerHost: 'tcp://10.0.0.2:2376', serverAddress: '127.0.0.1' }, noEnv, /--server-address 127\.0\.0\.1 is this machine/],
    [{ dockerHost: 'tcp://10.0.0.2:2376', serverAddress: 'localhost' }, noEnv, /is this machine/],
    [{ dockerHost: 'tcp://10.0.0.2:2376', serverAddress: 'http://10.0.0.2:80' }, noEnv, /must be a host name or IP address \(no scheme or port\)/],
    [{ dockerHost: 'tcp://10.0.0.2:2376', serverAddress: '10.0.0.2', runtime: 'process' }, noEnv, /--runtime process runs the servers on this machine.*use --runtime docker/],
  ])('refuses %o (env %o) in one line', (raw, env, message) => {
    expect(refusal(() => parseTwoMachineOptions(raw, env, emptyHome))).toMatch(message);
  });

  it('reads the current docker context, and its TLS folder', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'lb-ctx-'));
    const id = createHash('sha256').update('far').digest('hex');
    mkdirSync(path.join(home, '.docker', 'contexts', 'meta', id), { recursive: true });
    mkdirSync(path.join(home, '.docker', 'contexts', 'tls', id, 'docker'), { recursive: true });
    writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'far' }));
    writeFileSync(path.join(home, '.docker', 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'far', Endpoints: { docker: { Host: 'tcp://192.0.2.7:2376' } } }));
    writeFileSync(path.join(home, '.docker', 'contexts', 'tls', id, 'docker', 'ca.pem'), 'x');
    const endpoint = remoteEngineEndpoint(undefined, noEnv, home);
    expect(endpoint).toMatchObject({ url: 'tcp://192.0.2.7:2376', source: 'docker context far', tls: true, tlsDir: path.join(home, '.docker', 'contexts', 'tls', id, 'docker') });
    // DOCKER_HOST wins over the context, as with the docker CLI
    expect(remoteEngineEndpoint(undefined, { DOCKER_HOST: 'unix:///run/docker.sock' }, home)).toBeNull();
    expect(refusal(() => parseTwoMachineOptions({}, noEnv, home))).toMatch(/^docker context far points at .*docker context use default/);
  });

  it('builds dockerode options for tcp, TLS and ssh', () => {
    expect(engineClientOptions({ url: 'tcp://10.231.0.2:2375', source: '--docker-host', tls: false })).toMatchObject({ protocol: 'http', host: '10.231.0.2', port: '2375' });
    expect(engineClientOptions({ url: 'tcp://h.example:2376', source: '--docker-host', tls: true })).toMatchObject({ protocol: 'https', host: 'h.example' });
    expect(engineClientOptions({ url: 'ssh://bench@h.example', source: '--docker-host', tls: false })).toMatchObject({ protocol: 'ssh', host: 'h.example', username: 'bench' });
    expect(() => engineClientOptions({ url: 'tcp://h.example:2376', source: '--docker-host', tls: true, tlsDir: '/nonexistent' })).toThrow(/DOCKER_CERT_PATH/);
    expect(engineEnv({ url: 'tcp://h.example:2376', source: 'DOCKER_HOST', tls: true, tlsDir: '/c' })).toEqual({ DOCKER_HOST: 'tcp://h.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' });
    expect(displayEndpoint('ssh://bench:secret@h.example')).toBe('ssh://bench@h.example');
  });

  it('accepts host names and IP literals as server addresses', () => {
    expect(parseServerAddress('bench-server.lan')).toBe('bench-server.lan');
    expect(parseServerAddress('[fd00::2]')).toBe('fd00::2');
  });
});

describe('the loopback check with an explicit server address', () => {
  it('lets that one address through, nothing else, and stops when undone', () => {
    expect(() => requireLoopbackUrl('http://10.231.0.2:8080/health')).toThrow(/unless a run names its server host with --docker-host and --server-address/);
    const undo = allowServerAddress('10.231.0.2');
    try {
      expect(requireLoopbackUrl('http://10.231.0.2:8080/health').hostname).toBe('10.231.0.2');
      expect(requireLoopbackUrl('http://127.0.0.1:1').hostname).toBe('127.0.0.1');
      expect(() => requireLoopbackUrl('http://10.231.0.3:8080/')).toThrow(/and the --server-address given \(10\.231\.0\.2\)/);
      expect(() => requireLoopbackUrl('https://10.231.0.2:8080/')).toThrow(UsageError);
    } finally {
      undo();
    }
    expect(() => requireLoopbackUrl('http://10.231.0.2:8080/health')).toThrow(UsageError);
  });
});

describe('placement across two hosts', () => {
  it('pins the server to the highest cores of the engine host, the load to every core here', () => {
    expect(twoMachinePlacement([0, 1], 8, 4)).toEqual({ requested: 4, granted: 4, serverCpus: [4, 5, 6, 7], loadgenCpus: [0, 1], shared: false, serverElsewhere: true, warnings: [] });
    const few = twoMachinePlacement([0, 1, 2, 3], 2, 4);
    expect(few).toMatchObject({ granted: 2, serverCpus: [0, 1], loadgenCpus: [0, 1, 2, 3] });
    expect(few.warnings[0]).toMatch(/engine's host offers 2 cores \(docker info NCPU\): granted 2/);
  });
});

describe("the engine host's facts", () => {
  it('come from docker info, in the words machine-info uses', () => {
    const host = engineHostFromInfo({ ID: 'ABCD', Name: 'srv', NCPU: 16, MemTotal: 64 * 1024 ** 3, KernelVersion: '6.1.0', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', Architecture: 'x86_64', CgroupVersion: '2', ServerVersion: '26.1.4' });
    expect(host).toMatchObject({ hostname: 'srv', cores: 16, arch: 'x64', cgroupVersion: 2, dockerVersion: '26.1.4', engineId: 'ABCD' });
    expect(host.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(engineHostFromInfo({ Name: 'srv', NCPU: 8 }).fingerprint).not.toBe(host.fingerprint);
  });
});

describe('network baseline', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('summarises samples: median, nearest-rank p99, min, max', () => {
    expect(summarizeLatencies([5, 1, 3])).toEqual({ samples: 3, medianUs: 3, p99Us: 5, minUs: 1, maxUs: 5 });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarizeLatencies(hundred)).toMatchObject({ medianUs: 50.5, p99Us: 99 });
  });

  it('measures TCP connects and HTTP round trips against a server', async () => {
    const baseline = await measureNetworkBaseline(`http://127.0.0.1:${port}/health`, 20);
    expect(baseline.tcpConnectUs.samples).toBe(20);
    expect(baseline.httpRoundTripUs.samples).toBe(20);
    expect(baseline.tcpConnectUs.medianUs).toBeGreaterThan(0);
    expect(baseline.httpRoundTripUs.p99Us).toBeGreaterThanOrEqual(baseline.httpRoundTripUs.medianUs);
  });

  it('refuses an address nobody allowed', async () => {
    await expect(measureNetworkBaseline('http://192.0.2.1:80/health', 1)).rejects.toThrow(UsageError);
  });
});

describe('a two-machine run is its own kind', () => {
  const twoMachine = (result: ResultFile): ResultFile =>
    resultFileSchema.parse({
      ...result,
      twoMachines: twoMachinesRecord(
        {
          options: { engine: { url: 'tcp://10.231.0.2:2375', source: '--docker-host', tls: false }, serverAddress: '10.231.0.2' },
          host: engineHostFromInfo({ Name: 'srv', NCPU: 2, MemTotal: 8 * 1024 ** 3, KernelVersion: '6.1', OperatingSystem: 'Debian', Architecture: 'x86_64', CgroupVersion: '1', ServerVersion: '20.10.24' }),
        },
        {
          url: 'http://10.231.0.2:4000/health',
          target: 'axum',
          tcpConnectUs: { samples: 3, medianUs: 40, p99Us: 90, minUs: 30, maxUs: 90 },
          httpRoundTripUs: { samples: 3, medianUs: 80, p99Us: 200, minUs: 70, maxUs: 200 },
          measuredAt: new Date(0).toISOString(),
        },
      ),
    });

  it('is told apart from a one-machine run', () => {
    expect(layoutOf(baseline())).toBe('one-machine');
    expect(layoutOf(twoMachine(baseline()))).toBe('two-machines');
  });

  it('gate: refused against a one-machine run, either way round, even with --allow-cross-machine', () => {
    const one = baseline();
    const two = twoMachine(baseline());
    expect(refusal(() => gateResults(one, two))).toMatch(/^baseline is a one-machine run .* but current is a two-machine run .*never gated against each other; use a two-machine baseline/);
    expect(refusal(() => gateResults(two, one, { allowCrossMachine: true }))).toMatch(/^baseline is a two-machine run .*use a one-machine baseline/);
  });

  it('gate: two two-machine runs of the same pair gate as usual: a run against itself never fails', () => {
    const outcome = gateResults(twoMachine(baseline()), twoMachine(baseline()));
    expect(outcome.checks.length).toBeGreaterThan(0);
    expect(outcome.failures).toEqual([]);
    // the fixture's 6 cold starts vary ±6%: at the family's level their interval reaches past the
    // 10% floor, so those checks alone may stay undecided; every trial metric passes outright
    expect(outcome.inconclusive.every((k) => k.metric === 'coldStart' || k.metric === 'idleRss')).toBe(true);
    expect(outcome.checks.filter((k) => k.metric === 'rps' || k.metric === 'p99').every((k) => k.verdict === 'pass')).toBe(true);
    expect([EXIT_OK, EXIT_INCONCLUSIVE]).toContain(outcome.exitCode);
  });

  it('bench --baseline: refused before the run', () => {
    const path1 = writeTemp('two-machine-baseline.json', twoMachine(baseline()));
    expect(refusal(() => preflightGate(path1, { machine: baseline().machine, trials: 6, coldStarts: 6, runtime: 'docker' }))).toMatch(/is a two-machine run .* but this run is a one-machine run/);
    expect(preflightGate(path1, { machine: baseline().machine, trials: 6, coldStarts: 6, layout: 'two-machines' }).targets).toHaveLength(3);
  });

  it('console and reports say where the server ran and what the network costs', () => {
    expect(twoMachinesText(baseline())).toBe('');
    const text = twoMachinesText(twoMachine(baseline()));
    expect(text).toMatch(/^two machines: servers on srv \(2 cores, .*\) through tcp:\/\/10\.231\.0\.2:2375, load from this machine to 10\.231\.0\.2; network before the load: TCP connect median 40 µs \(p99 90 µs\), HTTP round trip median 80 µs \(p99 200 µs\) to axum's health path, 3 samples each$/);
    expect(placementText(twoMachine(baseline()))).toContain(text);
  });

  it('compare: a mismatch of machines, described with both hosts', () => {
    const c = compareResults({ label: 'one', result: baseline() }, { label: 'two', result: twoMachine(baseline()) });
    expect(c.machines.match).toBe(false);
    expect(c.mode).toBe('ratio');
    expect(c.machines.current.layout).toBe('two-machines');
    expect(c.machines.current.server?.hostname).toBe('srv');
    const same = compareResults({ label: 'a', result: twoMachine(baseline()) }, { label: 'b', result: twoMachine(baseline()) });
    expect(same.machines.match).toBe(true);
  });
});
