// The Docker engine for a test file: tests that need it skip without one, except under
// LANGBENCH_REQUIRE_DOCKER=1 (CI), where a missing engine is a failing test.
import { describe, it } from 'vitest';
import { dockerEngineAvailable, type EngineProbe } from '../../harness/docker/engine-probe.js';

export async function dockerEngineForTests(file: string): Promise<EngineProbe> {
  const engine = await dockerEngineAvailable();
  if (!engine.available && process.env.LANGBENCH_REQUIRE_DOCKER === '1') {
    describe('docker engine', () => {
      it('answers (LANGBENCH_REQUIRE_DOCKER=1)', () => {
        throw new Error(`LANGBENCH_REQUIRE_DOCKER=1 but no Docker engine answers: ${engine.reason}`);
      });
    });
  } else if (!engine.available) {
    process.stderr.write(`${file}: skipping, ${engine.reason}\n`);
  }
  return engine;
}
