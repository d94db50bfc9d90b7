// A manifest's sizePaths are measured or refused, never a silent 0.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactSize } from '../harness/targets/artifact-size.js';
import type { LoadedTarget } from '../harness/targets/load-targets.js';

function targetWith(sizePaths: string[]): LoadedTarget {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-size-'));
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'bin', 'server'), Buffer.alloc(1234));
  writeFileSync(path.join(dir, 'outside'), Buffer.alloc(4321));
  symlinkSync(path.join(dir, 'outside'), path.join(dir, 'link'));
  return { dir, manifest: { name: 'mine', native: { sizePaths } } } as unknown as LoadedTarget;
}

describe('artifactSize', () => {
  it('adds the bytes of every named path, relative to the target or absolute', () => {
    const t = targetWith(['bin/server']);
    expect(artifactSize(t)).toBe(1234);
    expect(artifactSize({ ...t, manifest: { ...t.manifest, native: { ...t.manifest.native!, sizePaths: [path.join(t.dir, 'outside'), 'bin'] } } })).toBe(4321 + 1234);
  });

  it('follows a symlink the manifest names (a system binary is often one)', () => {
    expect(artifactSize(targetWith(['link']))).toBe(4321);
  });

  it('refuses a path that is not there, naming it and the fix', () => {
    expect(() => artifactSize(targetWith(['bin/nginx']))).toThrow(/^mine: native\.sizePaths entry "bin\/nginx" \(.*\/bin\/nginx\) does not exist after the build; fix native\.sizePaths in .*target\.json$/);
  });
});
