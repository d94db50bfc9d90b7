// The one line a run ends with when the machine failed it (the engine went away, the result could
// not go where asked), written after the result so that it is the last thing the user reads.
import type { ResultFile } from '../results/schema.js';
import type { KeptResult } from '../results/keep-result.js';
import { displayPath } from '../output/display-path.js';

export function runFaultLine(result: ResultFile, kept: KeptResult): string | null {
  const lines: string[] = [];
  const lost = result.targets.filter((t) => t.status === 'not-measured');
  if (lost.length > 0) {
    lines.push(`${lost.map((t) => t.name).join(', ')} ${(lost[0]!.error ?? 'not measured').split('\n')[0]}; what was measured before is in ${displayPath(kept.file)}`);
  }
  if (kept.fallbackLine) lines.push(kept.fallbackLine);
  return lines.length > 0 ? lines.join('; ') : null;
}
