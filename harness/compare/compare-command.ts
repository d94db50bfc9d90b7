// `langbench compare <files...>`: two files give a comparison, more give a trend, oldest first.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { readResultFile } from '../results/read-result.js';
import { langbenchVersion } from '../version.js';
import { compareResults, DEFAULT_ALPHA, DEFAULT_REFERENCE } from './compare-results.js';
import { compareTrend } from './compare-trend.js';
import { parseAlpha, parseFormat, parseReference } from './parse-options.js';
import { renderComparison } from './render-comparison.js';
import { renderTrend } from './render-trend.js';

interface CompareCliOptions {
  format: string;
  reference: string;
  alpha: string;
}

export function runCompare(files: string[], opts: CompareCliOptions): string {
  const format = parseFormat(opts.format);
  const alpha = parseAlpha(opts.alpha);
  const reference = parseReference(opts.reference);
  if (files.length < 2) throw new UsageError(`compare needs at least two result files, got ${files.length}: langbench compare <baseline.json> <current.json> [more.json...]`);
  const results = files.map((f) => ({ label: f, result: readResultFile(f) }));
  if (results.length === 2) return renderComparison(compareResults(results[0]!, results[1]!, { alpha, reference }), format, langbenchVersion());
  return renderTrend(compareTrend(results, { alpha, reference }), format, langbenchVersion());
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('compare result files: medians, delta % with 95% interval, exact Mann-Whitney p (~ = not significant); 3+ files: a trend, oldest first')
    .argument('<files...>', 'result files (baseline first; for a trend, any order: sorted by startedAt)')
    .option('--format <format>', 'table, markdown or json', 'table')
    .option('--reference <target>', 'reference target for ratio mode (used when machine fingerprints differ)', DEFAULT_REFERENCE)
    .option('--alpha <level>', 'family-wise significance level (Holm-Bonferroni)', String(DEFAULT_ALPHA))
    .action((files: string[], opts: CompareCliOptions) => {
      process.stdout.write(runCompare(files, opts));
    });
}
