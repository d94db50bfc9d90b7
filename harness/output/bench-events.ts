// What the bench loop tells whoever displays it (console-progress.ts here, or a test's recorder).
// Measuring code calls these; it never formats. The display implements them, so they live beside it.
export type BenchPhase = 'build' | 'cold-start' | 'verify' | 'idle-memory' | 'warmup' | 'trial' | 'size' | 'stop' | 'abandoned-sessions';

export interface TrialReport {
  target: string;
  scenario: string;
  round: number;
  /** clean trials of this target and scenario so far, and how many are wanted */
  clean: number;
  wanted: number;
  rps: number;
  p99Us: number;
  clientBound: boolean;
  /** why the trial counts as disturbed (it will be re-run while the bound allows) */
  disturbed?: string;
}

export interface BenchEvents {
  /** a new step of the whole run: building, cold-start rounds, verification, trial rounds */
  stage(title: string): void;
  phase(name: string, phase: BenchPhase, detail?: string): void;
  trialProgress(name: string, scenario: string, liveRps: number): void;
  trialFinished(report: TrialReport): void;
  targetFinished(name: string, status: string, error?: string): void;
  info(message: string): void;
  warn(message: string): void;
}
