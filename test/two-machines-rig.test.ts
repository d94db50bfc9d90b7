// Two machines through the rig (scripts/two-machine-rig.sh): a second engine in a network
// namespace stands in for another host; langbench drives it with --docker-host and
// --server-address. Runs under LANGBENCH_REQUIRE_DOCKER=1 (where a rig that cannot be built is a
// failure, not a skip) or LANGBENCH_TWO_MACHINE_RIG=1; elsewhere it would start a second dockerd
// on a developer's machine, so it skips and says why.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/run-cli.js';
import { resultFileSchema } from '../harness/results/schema.js';

const required = process.env.LANGBENCH_REQUIRE_DOCKER === '1';
const wanted = required || process.env.LANGBENCH_TWO_MACHINE_RIG === '1';
// over TCP with TLS, as a real second host is reached
const rig = (verb: string) =>
  spawnSync('bash', [path.join(repoRoot, 'scripts', 'two-machine-rig.sh'), verb], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, LANGBENCH_RIG_TLS: '1' } });

describe.skipIf(!wanted)('two machines through the rig', () => {
  let upOutput = '';
  let upStatus: number | null = null;
  let wasUp = false;

  beforeAll(() => {
    // a rig already up in the other mode is brought down first (and not restored)
    wasUp = rig('status').status === 0;
    if (!wasUp) rig('down');
    const up = rig('up');
    upStatus = up.status;
    upOutput = `${up.stdout}${up.stderr}`;
  });
  afterAll(() => {
    // leave a rig someone else brought up as it was
    if (!wasUp) rig('down');
  });

  it('builds (root, ip netns, a second dockerd)', () => {
    expect(upStatus, `scripts/two-machine-rig.sh up failed:\n${upOutput}`).toBe(0);
  });

  it('measures a target on the remote engine, with the network baseline and both machines recorded', () => {
    expect(upStatus, 'the rig is not up').toBe(0);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-rig-')), 'rig.json');
    const run = runCli(
      ['bench', '--docker-host', 'tcp://10.231.0.2:2376', '--server-address', '10.231.0.2', '--runtime', 'docker', '--targets', 'go-nethttp', '--scenarios', 'json', '--cpus', '1', '--duration', '1', '--warmup', '0', '--rewarm', '0', '--trials', '1', '--cold-starts', '1', '--no-report', '--wait', '600', '--out', out],
      { timeoutMs: 900_000, env: { DOCKER_CERT_PATH: '/run/langbench-rig/tls/client' } },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const result = resultFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const target = result.targets[0]!;
    expect(target.status ?? 'ok').toBe('ok');
    expect(target.memory.source).toMatch(/via-engine-stats$/);
    expect(target.scenarios[0]!.trials[0]!.rps).toBeGreaterThan(0);
    expect(target.scenarios[0]!.trials[0]!.interference?.serverCores ?? null).toBeNull();
    expect(result.twoMachines).toMatchObject({ engine: 'tcp://10.231.0.2:2376', engineSource: '--docker-host', serverAddress: '10.231.0.2' });
    expect(result.twoMachines!.serverHost.cores).toBeGreaterThan(0);
    expect(result.twoMachines!.network!.tcpConnectUs.samples).toBe(200);
    expect(result.twoMachines!.network!.httpRoundTripUs.medianUs).toBeGreaterThan(0);
  });
});

describe.skipIf(wanted)('two machines through the rig (skipped)', () => {
  it.skip('set LANGBENCH_TWO_MACHINE_RIG=1 (root, iproute2, dockerd) to run it', () => undefined);
});
