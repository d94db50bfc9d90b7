// The 2026-07-28 conformance run's expected failures and its judging, without running the suite
// or building a target: every entry has a reason, no required scenario is excused as a whole, and
// a required check is excused only for the targets named.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAllTargets } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { judge2026, readExcuses, REQUIRED_2026 } from './support/mcp-conformance-2026.js';

const excuses = readExcuses();

describe('the 2026-07-28 expected failures', () => {
  it('give every entry a reason and never excuse a required scenario as a whole', () => {
    expect(excuses.scenarios.filter((s) => REQUIRED_2026.includes(s.scenario))).toEqual([]);
    expect(excuses.checks.every((c) => REQUIRED_2026.includes(c.scenario))).toBe(true);
    const targets = loadAllTargets(targetsDir()).map((t) => t.manifest.name);
    expect(excuses.checks.flatMap((c) => c.targets).filter((t) => !targets.includes(t))).toEqual([]);
  });

  it('refuse an entry without a reason, naming it', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'langbench-excuses-')), 'expected-failures.yml');
    writeFileSync(file, 'scenarios:\n  - scenario: prompts-list\nchecks: []\n');
    expect(() => readExcuses(file)).toThrow(/scenarios\[0\] needs a scenario and a reason$/);
  });

  it('judge a required check excused only for the target named, an unlisted scenario, and a listed one apart', () => {
    const results = {
      'tools-list': [],
      'tools-call-error': [],
      'server-stateless': ['sep-2575-missing-capability-http-400', 'sep-2575-server-declares-prompts-in-discover'],
      'http-header-validation': ['sep-2243-server-accepts-whitespace-header-value'],
      'resources-list': ['resources-list'],
      'new-scenario': ['new-check'],
    };
    expect(judge2026(results, excuses, 'fastapi')).toEqual({
      requiredFailed: ['server-stateless: sep-2575-server-declares-prompts-in-discover', 'dns-rebinding-protection'],
      unexpectedFailures: ['new-scenario'],
      passed: ['tools-call-error', 'tools-list'],
    });
    // the whitespace check is excused for the Python SDK only
    expect(judge2026(results, excuses, 'axum').requiredFailed).toContain('http-header-validation: sep-2243-server-accepts-whitespace-header-value');
  });
});
