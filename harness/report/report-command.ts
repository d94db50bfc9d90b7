// `langbench report <result.json> [more.json ...] [--html FILE] [--markdown FILE] [--claims FILE]`:
// reads and validates the result files, renders, writes. Markdown to stdout when no output is named.
import type { Command } from 'commander';
import { readResultFile } from '../results/read-result.js';
import { defaultClaimsPath, readClaimsFile } from './claims.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import { EXIT_OK } from '../errors.js';

export interface ReportOptions {
  html?: string;
  markdown?: string;
  /** default: results/claims.json in the checkout */
  claims?: string;
}

/** Runs the command on already-parsed arguments; returns the exit code. */
export function runReport(files: string[], options: ReportOptions): number {
  const claims = readClaimsFile(options.claims ?? defaultClaimsPath());
  const results = files.map((f) => readResultFile(f));
  if (!options.html && !options.markdown) {
    process.stdout.write(renderMarkdown(results, claims));
    return EXIT_OK;
  }
  if (options.markdown) {
    writeFileAtomic(options.markdown, renderMarkdown(results, claims), { overwrite: true });
    process.stderr.write(`wrote ${options.markdown}\n`);
  }
  if (options.html) {
    writeFileAtomic(options.html, renderHtml(results, claims), { overwrite: true });
    process.stderr.write(`wrote ${options.html}\n`);
  }
  return EXIT_OK;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('render result files as Markdown (stdout by default) and a self-contained HTML page, with the claims check')
    .argument('<result...>', 'result files (.json); several give one section each and a trend')
    .option('--html <file>', 'write the HTML report to this file')
    .option('--markdown <file>', 'write the Markdown report to this file instead of stdout')
    .option('--claims <file>', 'the claims to check against (default: results/claims.json in the checkout)')
    .action((files: string[], options: ReportOptions) => {
      process.exitCode = runReport(files, options);
    });
}
