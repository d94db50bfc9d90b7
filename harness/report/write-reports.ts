// Writes the reports next to a result file, atomically. Reports are derived files, so an existing
// one is replaced.
import type { ResultFile } from '../results/schema.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import { readClaimsFile, type ClaimsFile } from './claims.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

/** results/x.json → results/x.md and results/x.html */
export function reportPaths(resultFile: string): { markdown: string; html: string } {
  const base = resultFile.replace(/\.json$/i, '');
  return { markdown: `${base}.md`, html: `${base}.html` };
}

/** Writes `<result>.md` and `<result>.html` next to the result file; returns their paths. */
export function writeReports(resultFile: string, results: ResultFile[], claims: ClaimsFile = readClaimsFile()): { html: string; markdown: string } {
  const paths = reportPaths(resultFile);
  writeFileAtomic(paths.markdown, renderMarkdown(results, claims), { overwrite: true });
  writeFileAtomic(paths.html, renderHtml(results, claims), { overwrite: true });
  return paths;
}
