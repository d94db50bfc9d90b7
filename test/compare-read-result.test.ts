// Every way a result file can be wrong is a one-line UsageError naming the file and the problem.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../harness/errors.js';
import { readResultFile } from '../harness/results/read-result.js';
import { baselinePath, fixturesDir } from './fixtures/results/variants.js';

const f = (name: string) => path.join(fixturesDir, name);

describe('readResultFile', () => {
  it('reads a valid file', () => {
    expect(readResultFile(baselinePath).targets.map((t) => t.name)).toEqual(['go-nethttp', 'axum', 'fastapi']);
  });

  it.each([
    ['/nonexistent/result.json', /^\/nonexistent\/result\.json: no such file; check the path/],
    [f('bad-malformed.json'), /bad-malformed\.json: not valid JSON \(.+\)$/],
    [f('bad-truncated.json'), /bad-truncated\.json: truncated JSON \(.+\); the run that wrote it was probably interrupted: rerun it$/],
    [f('bad-empty.json'), /bad-empty\.json: empty file, not a langbench result file$/],
    [f('bad-schema-version.json'), /bad-schema-version\.json: result schemaVersion 99 is not supported \(this langbench reads 1\); it was written by a newer langbench: upgrade this checkout$/],
    [f('bad-wrong-schema.json'), /bad-wrong-schema\.json: does not match the result schema: targets\.0\.coldStartMs\.samples: .*expected array/],
    [f('bad-not-a-result.json'), /bad-not-a-result\.json: not a langbench result file \(no schemaVersion field\)$/],
    [fixturesDir, /results: is a directory, expected a result file/],
  ])('%s', (file, message) => {
    let error: unknown;
    try {
      readResultFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const text = (error as Error).message;
    expect(text.split('\n')).toHaveLength(1);
    expect(text.startsWith(file)).toBe(true);
    expect(text).toMatch(message);
  });

  it('an older schemaVersion says to rerun, an array says what it got', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'langbench-read-'));
    const old = path.join(dir, 'old.json');
    writeFileSync(old, '{"schemaVersion": 0}');
    expect(() => readResultFile(old)).toThrow(/schemaVersion 0 is not supported .*rerun the benchmark/);
    const arr = path.join(dir, 'arr.json');
    writeFileSync(arr, '[1, 2]');
    expect(() => readResultFile(arr)).toThrow(/arr\.json: not a langbench result file \(expected a JSON object, got an array\)/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'langbench-read-'));
    const locked = path.join(dir, 'locked.json');
    writeFileSync(locked, '{}');
    chmodSync(locked, 0o000);
    expect(() => readResultFile(locked)).toThrow(/locked\.json: cannot read the file \(permission denied\)/);
  });
});
