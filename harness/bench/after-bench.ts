// After a result is written: reports next to it, then the gate when --baseline was given.
import type { ResultFile } from '../results/schema.js';
import type { BenchOptions } from './bench-options.js';
import { writeReports } from '../report/write-reports.js';
import { readResultFile } from '../results/read-result.js';
import { gateResults, printGateOutcome } from '../gate/gate-results.js';
import { EXIT_OK } from '../errors.js';

export async function afterBench(resultPath: string, result: ResultFile, options: BenchOptions): Promise<number> {
  if (options.report) {
    const written = writeReports(resultPath, [result]);
    process.stdout.write(`reports: ${written.markdown}, ${written.html}\n`);
  }
  if (options.baseline === null) return EXIT_OK;
  const baseline = readResultFile(options.baseline);
  const outcome = gateResults(baseline, result, {});
  return printGateOutcome(outcome);
}
