// Writes report files atomically (temp file + rename): a reader never sees half a report. Reports
// are derived files, so an existing one is replaced.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultFile } from '../results/schema.js';
import { readClaimsFile, type ClaimsFile } from './claims.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** results/x.json → results/x.md and results/x.html */
export function reportPaths(resultFile: string): { markdown: string; html: string } {
  const base = resultFile.replace(/\.json$/i, '');
  return { markdown: `${base}.md`, html: `${base}.html` };
}

/** Writes `<result>.md` and `<result>.html` next to the result file; returns their paths. */
export function writeReports(resultFile: string, results: ResultFile[], claims: ClaimsFile = readClaimsFile()): { html: string; markdown: string } {
  const paths = reportPaths(resultFile);
  writeFileAtomic(paths.markdown, renderMarkdown(results, claims));
  writeFileAtomic(paths.html, renderHtml(results, claims));
  return paths;
}
