// Prints a gate outcome (stdout), appends it to $GITHUB_STEP_SUMMARY when set, returns the exit code.
import type { OutputFormat } from '../compare/render-comparison.js';
import { langbenchVersion } from '../version.js';
import type { GateOutcome } from './gate-results.js';
import { renderGate, renderGateMarkdown, UNDECIDED_FIX, undecidedSummary } from './render-gate.js';
import { EXIT_INCONCLUSIVE } from '../errors.js';

/** A workflow command's message: %, CR and LF escaped as GitHub Actions reads them. */
export function escapeWorkflowData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
import { appendStepSummary } from './step-summary.js';

export function printGateOutcome(
  outcome: GateOutcome,
  format: OutputFormat = 'table',
  write: (s: string) => void = (s) => process.stdout.write(s),
  env: NodeJS.ProcessEnv = process.env,
): GateOutcome['exitCode'] {
  write(renderGate(outcome, format, langbenchVersion()));
  appendStepSummary(renderGateMarkdown(outcome), env);
  // exit 4 passes CI with a visible warning (docs/compare-and-gate.md, "Exit 4 in CI")
  if (outcome.exitCode === EXIT_INCONCLUSIVE && env.GITHUB_ACTIONS === 'true') {
    write(`::warning title=langbench gate: undecided checks::${escapeWorkflowData(`${undecidedSummary(outcome)}; ${UNDECIDED_FIX}`)}\n`);
  }
  return outcome.exitCode;
}
