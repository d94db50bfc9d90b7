// Prints a gate outcome (stdout), appends it to $GITHUB_STEP_SUMMARY when set, returns the exit code.
import type { OutputFormat } from '../compare/render-comparison.js';
import { langbenchVersion } from '../version.js';
import type { GateOutcome } from './gate-results.js';
import { renderGate, renderGateMarkdown } from './render-gate.js';
import { appendStepSummary } from './step-summary.js';

export function printGateOutcome(
  outcome: GateOutcome,
  format: OutputFormat = 'table',
  write: (s: string) => void = (s) => process.stdout.write(s),
  env: NodeJS.ProcessEnv = process.env,
): GateOutcome['exitCode'] {
  write(renderGate(outcome, format, langbenchVersion()));
  appendStepSummary(renderGateMarkdown(outcome), env);
  return outcome.exitCode;
}
