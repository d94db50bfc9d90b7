// Every file langbench writes goes through here: written to a temporary file in the same folder,
// flushed, then moved into place in one step, so a reader (or a crash) never sees half a file.
// An existing file is replaced only when the caller says so; otherwise the move itself refuses
// (a hard link fails when the name exists), so a file that appears meanwhile is not lost either.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface WriteOptions {
  /** replace an existing file; without it an existing file is a UsageError */
  overwrite: boolean;
  /** how to fix a refusal to overwrite, e.g. "choose another --out or add --force to overwrite it" */
  existsHint?: string;
}

function refuse(file: string, options: WriteOptions): never {
  throw new UsageError(`${file} already exists; ${options.existsHint ?? 'not overwriting it'}`);
}

/** Creates missing parent folders. Throws the file system's error when the folder is not writable. */
export function writeFileAtomic(file: string, content: string | Uint8Array, options: WriteOptions): void {
  if (!options.overwrite && existsSync(file)) refuse(file, options);
  const dir = path.dirname(path.resolve(file));
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.overwrite) renameSync(temp, file);
    else moveWithoutReplacing(temp, file, options);
  } catch (error) {
    // a full or read-only disk is reported for the file asked for, not for a name the user never gave
    // (a write to the open file, where ENOSPC comes from, names no path at all)
    const errno = error as NodeJS.ErrnoException;
    if (typeof errno.code === 'string' && (errno.path === undefined || errno.path === temp)) errno.path = file;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function moveWithoutReplacing(temp: string, file: string, options: WriteOptions): void {
  try {
    linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') refuse(file, options);
    // file systems without hard links: the check above is all there is
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (existsSync(file)) refuse(file, options);
    renameSync(temp, file);
  }
}
