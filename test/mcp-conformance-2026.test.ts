// The official MCP conformance suite's 2026-07-28 requirements (0.2.0-alpha.12,
// scripts/mcp-conformance-2026) against each target's /mcp, every target built and started
// natively on loopback. Required on every target: tools-list, tools-call-error, server-stateless,
// http-header-validation and dns-rebinding-protection, less the single checks
// scripts/mcp-conformance-2026/expected-failures.yml excuses for that target with a reason; any
// other failing scenario must be listed there, with its reason. Without the suite installed the
// targets are skipped, except under CI=true or LANGBENCH_REQUIRE_DOCKER=1, where that fails. The
// expected-failures file and the judging are tested apart (mcp-conformance-2026-judge.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllTargets, type LoadedTarget } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { ProcessRuntime } from '../harness/runtime/process-runtime.js';
import type { RunningServer } from '../harness/runtime/runtime.js';
import type { Logger } from '../harness/log/logger.js';
import { freePort } from '../harness/net/free-port.js';
import { waitHealthy } from '../harness/measure/wait-healthy.js';
import { availableCpus } from '../harness/placement/available-cpus.js';
import { judge2026, readExcuses, REQUIRED_2026, runSuite2026, suite2026Missing } from './support/mcp-conformance-2026.js';

/** Builds from a clean clone can take minutes on two cores (Rust with LTO). */
const BUILD_AND_START_MS = 15 * 60_000;
const HEALTHY_WITHIN_MS = 60_000;
/** One run of the 50 scenarios takes seconds; this is for a slow, shared machine. */
const SUITE_MS = 240_000;

const log: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};
const missing = suite2026Missing();
const mustRun = process.env.CI === 'true' || process.env.LANGBENCH_REQUIRE_DOCKER === '1';
const excuses = readExcuses();

if (missing !== null && mustRun) {
  describe('the MCP conformance suite for 2026-07-28', () => {
    it('is installed (CI=true or LANGBENCH_REQUIRE_DOCKER=1)', () => {
      throw new Error(missing);
    });
  });
} else if (missing !== null) {
  process.stderr.write(`test/mcp-conformance-2026.test.ts: skipping the targets, ${missing}\n`);
} else {
  const targets = loadAllTargets(targetsDir());
  describe.each(targets.map((target): [string, LoadedTarget] => [target.manifest.name, target]))('target %s: MCP 2026-07-28 conformance', (name, target) => {
    const runtime = new ProcessRuntime();
    let server: RunningServer | undefined;

    beforeAll(async () => {
      const prepared = await runtime.prepare(target, log);
      server = await runtime.start(prepared, { port: await freePort(), cpus: availableCpus().slice(-1) });
      await waitHealthy(server.baseUrl, target.manifest.healthPath, server, HEALTHY_WITHIN_MS);
    }, BUILD_AND_START_MS);

    afterAll(async () => {
      await runtime.cleanup();
      runtime.dispose();
    });

    it('/mcp passes the required scenarios and fails only what the expected failures list', async () => {
      const { results, output } = await runSuite2026(`${server!.baseUrl}/mcp`, SUITE_MS);
      const judgement = judge2026(results, excuses, name);
      const context = `${name} /mcp; the suite said:\n${output.split('\n').slice(-40).join('\n')}`;
      expect(judgement.requiredFailed, context).toEqual([]);
      expect(judgement.unexpectedFailures, context).toEqual([]);
      expect(judgement.passed, context).toEqual(expect.arrayContaining(REQUIRED_2026.filter((s) => results[s]?.length === 0)));
    }, SUITE_MS + 10_000);
  });
}
