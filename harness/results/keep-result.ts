// A run's measurements outlive a full or read-only disk: when the result cannot be written where
// asked, it goes to a folder of the OS's temp dir instead, under a name no earlier file has (the
// atomic write refuses to replace one), and the caller names both places in its one line.
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ResultFile } from './schema.js';
import { writeResultFile } from './write-result.js';
import { fileProblem } from '../faults/world-fault.js';
import { EnvironmentError } from '../errors.js';

export interface KeptResult {
  /** where the result is */
  file: string;
  /** set when it is not where asked: the one line saying why and where it went */
  fallbackLine?: string;
}

export type ResultWriter = (file: string, result: ResultFile, options: { force: boolean }) => void;

/** <tmp>/langbench-results, where results that could not be written where asked are kept. */
export function fallbackResultsDir(tmp = os.tmpdir()): string {
  return path.join(tmp, 'langbench-results');
}

/** The fallback's name: the asked name, made unique so that it replaces nothing. */
function fallbackFile(asked: string, dir: string): string {
  const ext = path.extname(asked) || '.json';
  const stem = path.basename(asked, ext);
  return path.join(dir, `${stem}-${randomBytes(3).toString('hex')}${ext}`);
}

/**
 * Writes the result to `file`, or — when the file system refuses it (full, read-only, no
 * permission) — to the fallback folder. A refusal to overwrite is the user's choice and is not
 * bypassed; a fallback that fails too throws one line naming both places.
 */
export function keepResult(file: string, result: ResultFile, options: { force: boolean; fallbackDir?: string; write?: ResultWriter }): KeptResult {
  const write = options.write ?? writeResultFile;
  try {
    write(file, result, { force: options.force });
    return { file };
  } catch (error) {
    // named by the file asked for, not the temporary file the atomic write was refused
    const problem = fileProblem(error, 'another --out');
    if (problem === null) throw error;
    const refused = `could not write ${file}: ${problem.what}; ${problem.fix}`;
    const fallback = fallbackFile(file, options.fallbackDir ?? fallbackResultsDir());
    try {
      write(fallback, result, { force: false });
    } catch (second) {
      const again = fileProblem(second);
      throw new EnvironmentError(`${refused}; the fallback ${fallback} failed too${again ? ` (${again.what})` : ''}: nothing of this run was kept`, { cause: second });
    }
    return { file: fallback, fallbackLine: `${refused}; the result is kept at ${fallback} instead` };
  }
}
