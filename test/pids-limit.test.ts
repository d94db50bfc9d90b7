// A target that forks without end, on the real engine, under the container policy every target
// runs with (harness/runtime/container-policy.ts): the kernel's pids controller stops it at the
// limit, the fork loop runs on through the refusals to its end, and the machine keeps its processes.
// The children sleep (a fork bomb would spend the shared test machine's CPU for nothing).
import { describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import { CONTAINER_PIDS_LIMIT, leastPrivilege, NOBODY } from '../harness/runtime/container-policy.js';
import { dockerEngineForTests } from './support/docker-engine.js';

const engine = await dockerEngineForTests('pids-limit.test');

// built by scripts/setup.sh; any image with python3 and sleep would do
const IMAGE = 'langbench/python-base:bookworm';
const FORKS = CONTAINER_PIDS_LIMIT + 1000;

describe.skipIf(!engine.available)(`a container that forks without end${engine.available ? '' : ` (skipped: ${engine.reason})`}`, () => {
  it(`is held at ${CONTAINER_PIDS_LIMIT} processes by the policy every target runs with`, async () => {
    const docker = new Docker();
    // spawn sleepers until the kernel refuses, and on past the refusals (a shell would give up at
    // the first one); then count the processes the container holds
    const script = [
      'import os',
      'started = refused = 0',
      `for _ in range(${FORKS}):`,
      '    try:',
      "        os.posix_spawn('/bin/sleep', ['sleep', '300'], {})",
      '        started += 1',
      '    except OSError:',
      '        refused += 1',
      "print(started, refused, sum(1 for p in os.listdir('/proc') if p.isdigit()))",
    ].join('\n');
    const container = await docker.createContainer({
      Image: IMAGE,
      User: NOBODY,
      Cmd: ['python3', '-c', script],
      Labels: { 'dev.langbench.test': 'pids-limit' },
      HostConfig: { ...leastPrivilege(undefined), Memory: 2 * 1024 ** 3 },
    });
    try {
      await container.start();
      const waited = (await container.wait()) as { StatusCode: number };
      const logs = (await container.logs({ stdout: true, stderr: false })).toString('latin1');
      // the stream's 8-byte frame header aside: "started refused held"
      const [started, refused, held] = /(\d+) (\d+) (\d+)\s*$/.exec(logs)!.slice(1).map(Number) as [number, number, number];
      expect(waited.StatusCode, logs).toBe(0);
      expect(held).toBeLessThanOrEqual(CONTAINER_PIDS_LIMIT);
      // it did reach the limit: the kernel refused the rest, the loop did not run out of tries
      expect(refused).toBeGreaterThan(900);
      expect(started + refused).toBe(FORKS);
      expect(held).toBeGreaterThan(CONTAINER_PIDS_LIMIT - 50);
      expect((await container.inspect()).HostConfig.PidsLimit).toBe(CONTAINER_PIDS_LIMIT);
    } finally {
      await container.remove({ force: true });
    }
  }, 180_000);
});
