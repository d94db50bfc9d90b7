// Ends the run with a plain "N passed, N failed" line that any CI log reader understands.
import type { Reporter, File, Task } from 'vitest';

function count(tasks: readonly Task[], totals: { passed: number; failed: number; skipped: number }): void {
  for (const task of tasks) {
    if (task.type === 'suite') {
      count(task.tasks, totals);
      if (task.result?.state === 'fail' && task.tasks.every((t) => t.result?.state !== 'fail')) totals.failed++; // a failing hook
      continue;
    }
    const state = task.result?.state;
    if (state === 'pass') totals.passed++;
    else if (state === 'fail') totals.failed++;
    else totals.skipped++;
  }
}

export default class PlainSummaryReporter implements Reporter {
  onFinished(files: File[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    for (const file of files) if (file.result?.state === 'fail' && file.tasks.length === 0) totals.failed++;
    totals.failed += errors.length;
    process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  }
}
