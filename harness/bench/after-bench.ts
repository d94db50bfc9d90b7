// After a result is written: reports next to it, then the gate when --baseline was given.
import type { ResultFile } from '../results/schema.js';
import type { BenchOptions } from './bench-options.js';
import type { GateConfig } from '../gate/gate-config.js';
import { writeReports } from '../report/write-reports.js';
import { gateAndReport } from '../gate/gate-command.js';
import { EXIT_OK, EnvironmentError } from '../errors.js';
import { fileProblem } from '../faults/world-fault.js';
import { displayPath } from '../output/display-path.js';
import { gateConfigFromOptions } from '../gate/gate-command.js';
import { splitAbResult } from '../ab/split-ab-result.js';
import type { AbTargets } from '../ab/ab-targets.js';

/** A gate checked before the run (preflightGate), to apply once the result exists. */
export interface PlannedGate {
  baselinePath: string;
  baseline: ResultFile;
  config: GateConfig;
}

function writeReportsIfAsked(resultPath: string, result: ResultFile, options: Pick<BenchOptions, 'report'>): void {
  if (!options.report) return;
  let written: { markdown: string; html: string };
  try {
    written = writeReports(resultPath, [result]);
  } catch (error) {
    // the result is written; the reports are made from it again at any time
    const problem = fileProblem(error, 'another --out');
    if (problem === null) throw error;
    throw new EnvironmentError(`could not write the reports next to ${displayPath(resultPath)}: ${problem.what}; ${problem.fix}; the result is written, and \`langbench report ${displayPath(resultPath)}\` makes them again`, { cause: error });
  }
  process.stdout.write(`reports: ${displayPath(written.markdown)}, ${displayPath(written.html)}\n`);
}

/** --ab: the working tree's targets gated against the revision's, from the one result. */
export function afterAbBench(resultPath: string, result: ResultFile, options: Pick<BenchOptions, 'report'>, ab: Pick<AbTargets, 'rev' | 'commit' | 'suffix'>): number {
  writeReportsIfAsked(resultPath, result, options);
  const { baseline, current } = splitAbResult(result, ab.suffix);
  const { config } = gateConfigFromOptions({});
  process.stdout.write(`\ngate: working tree against ${ab.rev} (${ab.commit.slice(0, 12)}), measured in the same rounds:\n`);
  return gateAndReport({ label: `${ab.rev}@${ab.commit.slice(0, 8)}`, result: baseline }, { label: 'working tree', result: current }, config).exitCode;
}

export function afterBench(resultPath: string, result: ResultFile, options: Pick<BenchOptions, 'report'>, gate: PlannedGate | null): number {
  writeReportsIfAsked(resultPath, result, options);
  if (gate === null) return EXIT_OK;
  process.stdout.write(`\ngate against ${gate.baselinePath}:\n`);
  return gateAndReport({ label: gate.baselinePath, result: gate.baseline }, { label: resultPath, result }, gate.config).exitCode;
}
