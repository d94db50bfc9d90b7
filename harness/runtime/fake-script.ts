// What the fake runtime's servers "measure": per target, its cold starts, memory, CPU and, per
// scenario, the figures of each trial and what else ran on the cores meanwhile. A test writes one
// to check the bench loop's arithmetic exactly; `--runtime fake` runs on the default below.

/** The figures of one trial, as the load generator and the machine probes will report them. */
export interface FakeTrialScript {
  /** 2xx responses per second */
  rps: number;
  /**
   * latency percentiles in microseconds, recorded into a real HDR histogram; each must be exact at
   * its 3 significant digits (any value below 2048 is), or the fake refuses the script
   */
  latencyUs: { p50: number; p90?: number; p99: number; max?: number };
  errors?: number;
  non2xx?: number;
  timeouts?: number;
  /** the server's memory while this trial's load runs; default: the target's underLoadBytes */
  memoryBytes?: number;
  /** percent of the granted cores; default: the target's */
  serverCpuPct?: number;
  clientCpuPct?: number;
  /**
   * someone else's CPU during the trial, percent of each core group's capacity (plus steal on the
   * server's cores): at or above the bench's threshold the trial is disturbed
   */
  interference?: { serverForeignPct?: number; loadgenForeignPct?: number; stealPct?: number };
  /** the server dies during this trial (killed, connections refused) */
  dies?: boolean;
}

export interface FakeTargetScript {
  /** the i-th cold start of the target takes coldStartMs[i], cycling; empty: the stopwatch's reading */
  coldStartMs: number[];
  memory: {
    /** the reading of each fresh instance, in the order instances are first read, cycling */
    freshBytes: number[];
    /** while load runs (and until the server is frozen) */
    underLoadBytes: number;
    /** once load has run and the server was frozen and thawed: steady state */
    afterLoadBytes: number;
    /** the kernel's high-water mark; null: the runtime cannot read one */
    highWaterBytes: number | null;
    /** a fresh instance's memory grows by this much per MCP session it holds (default 0) */
    bytesPerSession?: number;
  };
  /** the server's CPU while load runs, percent of its granted cores */
  serverCpuPct: number;
  /** the load generator's CPU, percent of its cores */
  clientCpuPct: number;
  /**
   * per scenario, its trials in the order they run, re-runs included, cycling; warmups are not
   * trials (the fake tells them apart: only a trial is bracketed by two /proc/stat readings)
   */
  scenarios: Record<string, FakeTrialScript[]>;
}

export interface FakeScript {
  /** by target name; a target not named here runs on `fallback` */
  targets: Record<string, FakeTargetScript>;
  fallback: FakeTargetScript;
}

export function targetScript(script: FakeScript, name: string): FakeTargetScript {
  return script.targets[name] ?? script.fallback;
}

/** The i-th trial of a scenario (0-based, re-runs included), cycling through the script. */
export function trialScript(target: FakeTargetScript, name: string, scenario: string, index: number): FakeTrialScript {
  const trials = target.scenarios[scenario];
  if (!trials || trials.length === 0) throw new Error(`the fake runtime's script has no trials for ${name} ${scenario}`);
  return trials[index % trials.length]!;
}

const steady = (rps: number[], p99: number[]): FakeTrialScript[] =>
  rps.map((r, i) => ({ rps: r, latencyUs: { p50: 400, p90: 700, p99: p99[i]!, max: 2000 } }));

const DEFAULT_TARGET: FakeTargetScript = {
  coldStartMs: [6, 6.5, 5.5, 7, 6.25],
  memory: { freshBytes: [5_000_000, 5_200_000, 4_900_000], underLoadBytes: 9_000_000, afterLoadBytes: 6_500_000, highWaterBytes: 9_500_000 },
  serverCpuPct: 85,
  clientCpuPct: 70,
  scenarios: {
    json: steady([20_000, 20_400, 19_800, 20_200, 19_600, 20_100], [1500, 1520, 1480, 1510, 1530, 1490]),
    tool: steady([12_000, 12_300, 11_900, 12_100, 11_800, 12_050], [1800, 1830, 1790, 1810, 1840, 1795]),
    mcp: steady([9_000, 9_200, 8_900, 9_100, 8_800, 9_050], [1900, 1930, 1890, 1910, 1940, 1895]),
    'mcp-session': steady([8_000, 8_200, 7_900, 8_100, 7_800, 8_050], [1950, 1960, 1945, 1955, 1970, 1948]),
    'mcp-churn': steady([2_000, 2_050, 1_980, 2_020, 1_960, 2_010], [1990, 2000, 1985, 1995, 2010, 1988]),
  },
};

/**
 * `--runtime fake`: the same figures on every run, so two runs gate as equal (exit 0); they vary a
 * little from trial to trial so that intervals and charts have something to show. The launcher
 * floor starts faster than any target, as the real one does.
 */
export const DEFAULT_FAKE_SCRIPT: FakeScript = {
  fallback: DEFAULT_TARGET,
  targets: { 'launch-floor': { ...DEFAULT_TARGET, coldStartMs: [1, 1.25, 1.5] } },
};
