// Writes a result file atomically, validated against the schema, and never over an existing file
// unless told to.
import os from 'node:os';
import path from 'node:path';
import { resultFileSchema, type ResultFile } from './schema.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';

/** results/<UTC timestamp>-<hostname>.json, e.g. 20261126T130501Z-buildbox.json */
export function defaultResultPath(resultsDir: string, startedAt: Date, hostname = os.hostname()): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  const safeHost = hostname.replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(resultsDir, `${stamp}-${safeHost}.json`);
}

export function writeResultFile(file: string, result: ResultFile, { force }: { force: boolean }): void {
  const parsed = resultFileSchema.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`refusing to write an invalid result file: ${issue.path.join('.')}: ${issue.message}`);
  }
  writeFileAtomic(file, JSON.stringify(parsed.data, null, 2) + '\n', { overwrite: force, existsHint: 'choose another --out or add --force to overwrite it' });
}
