// What the bench loop tells whoever displays it. Measuring code calls these; it never formats.
export type BenchPhase = 'build' | 'cold-start' | 'verify' | 'idle-memory' | 'warmup' | 'trial' | 'size' | 'stop';

export interface BenchEvents {
  targetStarted(name: string, index: number, total: number): void;
  phase(name: string, phase: BenchPhase, detail?: string): void;
  trialProgress(name: string, scenario: string, trial: number, trials: number, liveRps: number): void;
  trialFinished(name: string, scenario: string, trial: number, trials: number, rps: number, p99Us: number, clientBound: boolean): void;
  targetFinished(name: string, status: string, error?: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export const silentEvents: BenchEvents = {
  targetStarted() {},
  phase() {},
  trialProgress() {},
  trialFinished() {},
  targetFinished() {},
  info() {},
  warn() {},
};
