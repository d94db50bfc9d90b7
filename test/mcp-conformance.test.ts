// The official MCP conformance suite (@modelcontextprotocol/conformance, scripts/mcp-conformance)
// against each target's /mcp (stateless) and /mcp-session (stateful), every target built and
// started natively on loopback. A required scenario that fails, or a failing scenario that
// scripts/mcp-conformance/expected-failures.yml does not list, fails the test. Without the suite
// installed the targets are skipped, except under CI=true or LANGBENCH_REQUIRE_DOCKER=1, where
// that is a failing test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllTargets, type LoadedTarget } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { ProcessRuntime } from '../harness/runtime/process-runtime.js';
import type { RunningServer } from '../harness/runtime/runtime.js';
import type { Logger } from '../harness/log/logger.js';
import { freePort } from '../harness/net/free-port.js';
import { waitHealthy } from '../harness/measure/wait-healthy.js';
import { availableCpus } from '../harness/placement/available-cpus.js';
import { expectedFailures, judge, REQUIRED_SCENARIOS, runSuite, suiteMissing } from './support/mcp-conformance.js';

/** Builds from a clean clone can take minutes on two cores (Rust with LTO). */
const BUILD_AND_START_MS = 15 * 60_000;
const HEALTHY_WITHIN_MS = 60_000;
/** One run of the suite takes a few seconds; this is for a slow, shared machine. */
const SUITE_MS = 180_000;
const ENDPOINTS = ['/mcp', '/mcp-session'];

const log: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};
const missing = suiteMissing();
const mustRun = process.env.CI === 'true' || process.env.LANGBENCH_REQUIRE_DOCKER === '1';
const expected = expectedFailures();

describe('the expected-failures list', () => {
  it('never excuses a scenario every target must pass', () => {
    expect(expected.filter((name) => REQUIRED_SCENARIOS.includes(name))).toEqual([]);
  });

  it('judges a required failure, an unlisted failure and a listed one apart', () => {
    const results = { 'server-initialize': true, ping: false, 'tools-list': true, 'resources-list': false, 'tools-call-image': false, 'new-scenario': false };
    expect(judge(results, ['resources-list', 'ping'])).toEqual({
      requiredFailed: ['ping', 'tools-call-error', 'dns-rebinding-protection'],
      unexpectedFailures: ['new-scenario', 'tools-call-image'],
      passed: ['server-initialize', 'tools-list'],
    });
  });
});

if (missing !== null && mustRun) {
  describe('the MCP conformance suite', () => {
    it('is installed (CI=true or LANGBENCH_REQUIRE_DOCKER=1)', () => {
      throw new Error(missing);
    });
  });
} else if (missing !== null) {
  process.stderr.write(`test/mcp-conformance.test.ts: skipping the targets, ${missing}\n`);
} else {
  const targets = loadAllTargets(targetsDir());
  describe.each(targets.map((target): [string, LoadedTarget] => [target.manifest.name, target]))('target %s: MCP conformance', (_name, target) => {
    const runtime = new ProcessRuntime();
    let server: RunningServer | undefined;

    beforeAll(async () => {
      const prepared = await runtime.prepare(target, log);
      // One CPU, so one uvicorn worker: /mcp-session's sessions live in one process's memory.
      server = await runtime.start(prepared, { port: await freePort(), cpus: availableCpus().slice(-1) });
      await waitHealthy(server.baseUrl, target.manifest.healthPath, server, HEALTHY_WITHIN_MS);
    }, BUILD_AND_START_MS);

    afterAll(async () => {
      await runtime.cleanup();
      runtime.dispose();
    });

    it.each(ENDPOINTS)('%s passes every scenario it serves', async (endpoint) => {
      const { results, output } = await runSuite(`${server!.baseUrl}${endpoint}`, SUITE_MS);
      const judgement = judge(results, expected);
      const context = `${target.manifest.name} ${endpoint}; the suite said:\n${output.split('\n').slice(-40).join('\n')}`;
      expect(judgement.requiredFailed, context).toEqual([]);
      expect(judgement.unexpectedFailures, context).toEqual([]);
      expect(judgement.passed, context).toEqual(expect.arrayContaining(REQUIRED_SCENARIOS));
    }, SUITE_MS + 10_000);
  });
}
