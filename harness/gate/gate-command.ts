// `langbench gate --baseline <file> --current <file>`: exits with the outcome's code (no
// regression, regression; errors.ts) or a usage error. Also what `langbench bench --baseline` uses.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { LabelledResult } from '../compare/compare-results.js';
import { parseAlpha, parseFormat, parseReference } from '../compare/parse-options.js';
import type { OutputFormat } from '../compare/render-comparison.js';
import { readResultFile } from '../results/read-result.js';
import { findDefaultGateConfig, loadGateConfigFile, parseFloorOption, resolveGateConfig, type GateConfig, type GateOverrides } from './gate-config.js';
import { gateResults, type GateOptions, type GateOutcome } from './gate-results.js';
import { printGateOutcome } from './print-gate-outcome.js';
import { renderGateMarkdown } from './render-gate.js';

export interface GateCliOptions {
  config?: string;
  alpha?: string;
  floor?: string[];
  reference?: string;
  allowCrossMachine?: boolean;
}

/**
 * The gate config from options: --config, else a checked-in langbench.gate.{yaml,yml,json} in
 * `cwd`, else defaults; then --alpha, --floor, --reference, --allow-cross-machine on top. Throws a
 * UsageError for anything invalid, so call it before doing any work.
 */
export function gateConfigFromOptions(opts: GateCliOptions, cwd = process.cwd()): { config: GateConfig; configFile: string | null } {
  const overrides: GateOverrides = {};
  if (opts.alpha !== undefined) overrides.alpha = parseAlpha(opts.alpha);
  if (opts.reference !== undefined) overrides.reference = parseReference(opts.reference);
  if (opts.allowCrossMachine) overrides.allowCrossMachine = true;
  if (opts.floor?.length) overrides.floors = Object.fromEntries(opts.floor.map(parseFloorOption));
  const configFile = opts.config ?? findDefaultGateConfig(cwd);
  const file = configFile ? loadGateConfigFile(configFile) : null;
  return { config: resolveGateConfig(file, overrides), configFile };
}

/**
 * Gates `current` against `baseline`, writes the report to `write`, appends Markdown to
 * $GITHUB_STEP_SUMMARY when set, and returns the exit code (the outcome's; input errors throw UsageError).
 */
export function gateAndReport(
  baseline: LabelledResult,
  current: LabelledResult,
  config: GateConfig,
  format: OutputFormat = 'table',
  write: (s: string) => void = (s) => process.stdout.write(s),
  env: NodeJS.ProcessEnv = process.env,
  options: GateOptions = {},
): { exitCode: GateOutcome['exitCode']; outcome: GateOutcome } {
  const outcome = gateResults(baseline.result, current.result, config, { baseline: baseline.label, current: current.label }, options);
  return { exitCode: printGateOutcome(outcome, format, write, env), outcome };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description('fail (exit 1) when current regressed against baseline: the whole simultaneous interval of a change beyond its floor; exit 4 when no regression but some checks undecided at this size; exit 2 on bad input')
    .requiredOption('--baseline <file>', 'baseline result file (e.g. results/baseline.json)')
    .requiredOption('--current <file>', 'current result file')
    .option('--config <file>', 'gate config, JSON or YAML (default: ./langbench.gate.yaml|.yml|.json when present)')
    .option('--alpha <level>', 'family-wise significance level (default 0.05)')
    .option('--floor <metric=percent>', 'floor for a metric, or metric=off to not gate it; repeatable (e.g. --floor p99=20)', collect)
    .option('--reference <target>', 'reference target for cross-machine ratios (default go-nethttp)')
    .option('--allow-cross-machine', 'gate results from different machines on ratios to the reference target')
    .option('--format <format>', 'table, markdown or json', 'table')
    .option('--markdown <file>', 'also write the Markdown report to this file (e.g. for a PR comment)')
    .action((opts: GateCliOptions & { baseline: string; current: string; format: string; markdown?: string }) => {
      const format = parseFormat(opts.format);
      const { config, configFile } = gateConfigFromOptions(opts);
      if (opts.baseline === opts.current) throw new UsageError(`--baseline and --current are the same file (${opts.baseline}); pass the new run as --current`);
      const baseline = readResultFile(opts.baseline);
      const current = readResultFile(opts.current);
      const outcome = gateResults(baseline, current, config, { baseline: opts.baseline, current: opts.current });
      if (opts.markdown) writeMarkdown(opts.markdown, renderGateMarkdown(outcome));
      if (configFile && format === 'table') process.stdout.write(`gate config: ${configFile}\n`);
      process.exitCode = printGateOutcome(outcome, format);
    });
}

function writeMarkdown(file: string, markdown: string): void {
  try {
    writeFileAtomic(file, markdown, { overwrite: true });
  } catch (error) {
    throw new UsageError(`--markdown ${file}: cannot write (${(error as Error).message})`, { cause: error });
  }
}
