// The one atomic file writer: whole files only, no temporary file left behind, and an existing file
// replaced only when the caller says so.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../harness/files/write-file-atomic.js';

const freshDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'langbench-write-'));

describe('writeFileAtomic', () => {
  it('writes the whole content, creating missing folders, and leaves no temporary file', () => {
    const dir = freshDir();
    const file = path.join(dir, 'a', 'b', 'out.json');
    writeFileAtomic(file, '{"x":1}\n', { overwrite: false });
    expect(readFileSync(file, 'utf8')).toBe('{"x":1}\n');
    expect(readdirSync(path.join(dir, 'a', 'b'))).toEqual(['out.json']);
  });

  it('refuses to replace an existing file unless told, with the caller\'s fix in the message', () => {
    const dir = freshDir();
    const file = path.join(dir, 'out.json');
    writeFileSync(file, 'old');
    expect(() => writeFileAtomic(file, 'new', { overwrite: false, existsHint: 'add --force' })).toThrow(
      expect.objectContaining({ name: 'UsageError', exitCode: 2, message: `${file} already exists; add --force` }),
    );
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
    writeFileAtomic(file, 'new', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('writes bytes as given', () => {
    const file = path.join(freshDir(), 'bytes.bin');
    writeFileAtomic(file, new Uint8Array([0, 255, 10]), { overwrite: false });
    expect([...readFileSync(file)]).toEqual([0, 255, 10]);
  });

  it('throws the file system\'s error and leaves nothing when the folder cannot hold the file', () => {
    const dir = freshDir();
    const blocker = path.join(dir, 'plain-file');
    writeFileSync(blocker, '');
    expect(() => writeFileAtomic(path.join(blocker, 'out.json'), 'x', { overwrite: true })).toThrow(/EEXIST|ENOTDIR/);
    expect(readdirSync(dir)).toEqual(['plain-file']);
  });
});
