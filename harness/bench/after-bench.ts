// After a result is written: reports next to it, then the gate when --baseline was given.
import type { ResultFile } from '../results/schema.js';
import type { BenchOptions } from './bench-options.js';
import type { GateConfig } from '../gate/gate-config.js';
import { writeReports } from '../report/write-reports.js';
import { gateAndReport } from '../gate/gate-command.js';
import { EXIT_OK } from '../errors.js';
import { displayPath } from '../output/display-path.js';

/** A gate checked before the run (preflightGate), to apply once the result exists. */
export interface PlannedGate {
  baselinePath: string;
  baseline: ResultFile;
  config: GateConfig;
}

export function afterBench(resultPath: string, result: ResultFile, options: Pick<BenchOptions, 'report'>, gate: PlannedGate | null): number {
  if (options.report) {
    const written = writeReports(resultPath, [result]);
    process.stdout.write(`reports: ${displayPath(written.markdown)}, ${displayPath(written.html)}\n`);
  }
  if (gate === null) return EXIT_OK;
  process.stdout.write(`\ngate against ${gate.baselinePath}:\n`);
  return gateAndReport({ label: gate.baselinePath, result: gate.baseline }, { label: resultPath, result }, gate.config).exitCode;
}
