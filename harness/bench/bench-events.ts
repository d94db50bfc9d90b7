// The bench loop's events: the types are the display's (output/bench-events.ts); the silent
// implementation, for callers that show nothing, lives here with the loop.
import type { BenchEvents } from '../output/bench-events.js';

export type { BenchEvents, BenchPhase, TrialReport } from '../output/bench-events.js';

export const silentEvents: BenchEvents = {
  stage() {},
  phase() {},
  trialProgress() {},
  trialFinished() {},
  targetFinished() {},
  info() {},
  warn() {},
};
