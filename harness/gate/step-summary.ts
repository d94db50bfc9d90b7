// Appends Markdown to the GitHub Actions job summary when the runner provides one.
import { appendFileSync } from 'node:fs';

/** true when written; a summary that cannot be written is a warning, never a failed gate */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env, warn: (s: string) => void = (s) => process.stderr.write(s)): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  try {
    appendFileSync(file, markdown.endsWith('\n') ? markdown : markdown + '\n');
    return true;
  } catch (error) {
    warn(`langbench: warning: cannot append to GITHUB_STEP_SUMMARY ${file}: ${(error as Error).message}\n`);
    return false;
  }
}
