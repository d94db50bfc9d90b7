// Reads and validates a result file; every way a file can be wrong becomes a one-line UsageError
// that names the file, the problem and, where there is one, the fix.
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { resultFileSchema, SCHEMA_VERSION, type ResultFile } from './schema.js';

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

/** true when the text stops inside a string, object or array: a file cut off mid-write */
function endsOpen(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return inString || depth > 0;
}

/** Parses already-read text; `label` names the file in messages. */
export function parseResultText(text: string, label: string): ResultFile {
  if (text.trim() === '') throw new UsageError(`${label}: empty file, not a langbench result file`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    const truncated = endsOpen(text);
    throw new UsageError(
      truncated
        ? `${label}: truncated JSON (${reason}); the run that wrote it was probably interrupted: rerun it`
        : `${label}: not valid JSON (${reason})`,
      { cause: error },
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${label}: not a langbench result file (expected a JSON object, got ${Array.isArray(data) ? 'an array' : typeof data})`);
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) {
    throw new UsageError(`${label}: not a langbench result file (no schemaVersion field)`);
  }
  if (version !== SCHEMA_VERSION) {
    const hint =
      typeof version === 'number' && version > SCHEMA_VERSION
        ? 'it was written by a newer langbench: upgrade this checkout'
        : 'rerun the benchmark with this langbench to get a current file';
    throw new UsageError(`${label}: result schemaVersion ${JSON.stringify(version)} is not supported (this langbench reads ${SCHEMA_VERSION}); ${hint}`);
  }
  const parsed = resultFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new UsageError(`${label}: does not match the result schema: ${describeIssue(issues[0]!)}${more}`);
  }
  return parsed.data;
}

/** Reads, parses and validates a result file, or throws a one-line UsageError naming `path`. */
export function readResultFile(path: string): ResultFile {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory, expected a result file (.json)`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file; check the path (result files are written under results/)`, { cause: error });
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`${path}: cannot read the file (permission denied)`, { cause: error });
    throw new UsageError(`${path}: cannot read the file (${(error as Error).message})`, { cause: error });
  }
  return parseResultText(text, path);
}
