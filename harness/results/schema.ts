// The result file format: the one source both for validation in code and for results/schema.json.
// Extend freely; never rename a field (older files must keep reading).
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

const interval = z
  .object({ low: z.number(), high: z.number(), level: z.number().describe('confidence level, e.g. 0.95') })
  .describe('a confidence interval for the median; null bounds are impossible, too few samples give low = high');

const latencyUs = z.object({
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  p999: z.number().nonnegative(),
  p9999: z.number().nonnegative().optional(),
  max: z.number().nonnegative(),
  mean: z.number().nonnegative().optional(),
});

const coreGroupInterference = z
  .object({
    foreignPct: z.number().nonnegative().describe('CPU used on these cores by anything but the server and langbench, percent of their capacity'),
    stealPct: z.number().nonnegative().describe('time the hypervisor took from these cores, percent of their capacity'),
  })
  .nullable();

const interferenceSchema = z
  .object({
    serverCores: coreGroupInterference,
    loadgenCores: coreGroupInterference,
    cpuPressurePct: z.number().nullable().describe('machine-wide PSI cpu "some" over the trial, percent of wall time (our own threads included); null without /proc/pressure'),
    othersCpuPct: z.number().nonnegative().describe('CPU the other targets\' (frozen) servers used during the trial, percent of one core'),
  })
  .describe('what else ran on the trial\'s cores, from /proc/stat minus the server\'s and langbench\'s own CPU');

const openLoopSchema = z.object({
  offeredRps: z.number().positive().describe('the rate asked for, requests per second'),
  achievedRatio: z.number().nonnegative().describe('responses per second over the offered rate: 1 when the server kept up'),
  scheduled: z.number().int().nonnegative().describe('requests whose scheduled time fell in the trial'),
  inFlightAtEnd: z.number().int().nonnegative().describe('sent and not yet answered when the trial ended'),
  unsent: z.number().int().nonnegative().describe('scheduled but never sent: every pooled connection stayed busy to the end'),
  connections: z.number().int().nonnegative().optional().describe('connections the pool grew to (at most --connections)'),
  queued: z.number().int().nonnegative().optional().describe('requests that found every pooled connection busy and waited for one (the wait is in lagUs)'),
  serviceUs: latencyUs.describe('from the actual send to the answer, µs (what a closed loop measures)'),
  serviceHistogram: z.string().describe('base64 compressed HDR histogram of the service times, µs'),
  lagUs: latencyUs.describe('from the scheduled time to the actual send (timer lateness, waits for a free connection), µs'),
});

const sloProbeSchema = z.object({
  offeredRps: z.number().positive(),
  p99Us: z.number().nonnegative(),
  achievedRatio: z.number().nonnegative(),
  errors: z.number().int().nonnegative(),
  passed: z.boolean(),
});

const scenarioLoadSchema = z
  .discriminatedUnion('model', [
    z.object({ model: z.literal('closed'), scenario: z.string(), connections: z.number().int().positive() }),
    z.object({
      model: z.literal('open'),
      scenario: z.string().describe('the scenario loaded; the result\'s name adds the rate or the SLO'),
      offeredRps: z.number().nonnegative().describe('requests per second offered in the trials'),
      ladder: z.array(z.number().positive()).optional().describe('--rates: every rate of the ladder, each a scenario result of its own'),
      connections: z.number().int().positive().describe('the most connections the pool may grow to'),
      slo: z
        .object({
          p99Us: z.number().positive(),
          closedRps: z.number().nonnegative().describe('the quick closed-loop probe the search started from'),
          maxRps: z.number().positive().nullable().describe('the highest rate with P99 within p99Us, >= 99% of it achieved and no errors; null: none'),
          probes: z.array(sloProbeSchema),
        })
        .optional()
        .describe('--slo-p99: the search; offeredRps is the rate it found'),
    }),
  ])
  .describe('how the scenario was loaded: closed loop (each connection sends on the previous answer) or open loop at a fixed rate');

export const trialSchema = z.object({
  rps: z.number().nonnegative().describe('successful (2xx) responses per second over the trial'),
  requests: z.number().int().nonnegative().optional(),
  durationS: z.number().positive().optional(),
  latencyUs: latencyUs.describe('per-response latency in microseconds, from langbench\'s own HDR histogram'),
  histogram: z.string().optional().describe('base64 compressed HDR histogram of latencies in microseconds'),
  errors: z.number().int().nonnegative(),
  non2xx: z.number().int().nonnegative(),
  timeouts: z.number().int().nonnegative(),
  clientCpuPct: z.number().nonnegative().describe('load generator CPU, percent of its granted cores (100 = all saturated)'),
  serverCpuPct: z.number().nonnegative().describe('server CPU, percent of its granted cores (100 = all saturated)'),
  peakRssBytes: z.number().int().nonnegative(),
  clientBound: z.boolean().describe('the load generator was saturated while the server was not: rps is a floor'),
  round: z.number().int().positive().optional().describe('the round this trial ran in; trials of different targets in one round ran minutes apart at most and are paired for ratios'),
  sequence: z.number().int().positive().optional().describe('position of this trial among all trials of the run (1 = first)'),
  interference: interferenceSchema.optional(),
  disturbed: z.string().optional().describe('present when the trial shared its cores with other work beyond the threshold: why; such a trial is kept here but left out of the summary'),
  engine: z.enum(['socket', 'autocannon']).optional().describe('the load engine that sent this trial (absent: autocannon, before the socket engine existed, or a fake)'),
  open: openLoopSchema.optional().describe('present exactly when the trial was open loop: latencyUs and histogram then run from each request\'s scheduled time'),
});

export const summarySchema = z.object({
  rps: z.object({ median: z.number(), ci95: interval }),
  p99Us: z.object({ median: z.number(), ci95: interval }),
  p50Us: z.object({ median: z.number(), ci95: interval }).optional(),
  p999Us: z.object({ median: z.number(), ci95: interval }).optional(),
  clientBoundTrials: z.number().int().nonnegative().optional(),
  erroredTrials: z.number().int().nonnegative().optional(),
  cleanTrials: z.number().int().nonnegative().optional().describe('trials the medians and intervals come from (disturbed ones left out)'),
  disturbedTrials: z.number().int().nonnegative().optional(),
  cv: z
    .object({ rps: z.number().nonnegative().nullable(), p99: z.number().nonnegative().nullable() })
    .optional()
    .describe('coefficient of variation (standard deviation / mean) over the clean trials'),
  trust: z
    .enum(['ok', 'unstable', 'mostly-disturbed'])
    .optional()
    .describe('ok: at least two clean trials, so every metric has an interval; mostly-disturbed: fewer than two clean trials. (unstable: written by versions that voided trials varying beyond a fixed CV limit; read as ok, since intervals now decide)'),
  trustReason: z.string().optional(),
});

export const scenarioSchema = z.object({
  name: z.string(),
  request: z
    .object({ method: z.string(), path: z.string(), body: z.string().optional() })
    .optional(),
  mcpRevision: z
    .string()
    .optional()
    .describe('the MCP protocol revision the scenario spoke (its MCP-Protocol-Version); absent: not an MCP scenario, or a file written before it was recorded, whose MCP scenarios spoke 2025-06-18'),
  warmupS: z.number().nonnegative().optional(),
  load: scenarioLoadSchema.optional().describe('absent: closed loop (results before open loop existed)'),
  trials: z.array(trialSchema),
  summary: summarySchema,
});

/** harness/leak: sessions opened at a fixed rate and never closed, on a fresh instance */
export const abandonedSessionsSchema = z.object({
  scenario: z.string().describe('the session scenario whose setup and tools/call were sent (its DELETE never)'),
  mcpRevision: z.string().describe('the protocol revision its initialize asked for'),
  sessionsOpened: z.number().int().nonnegative().describe('sessions the server opened (setup answered with a session id)'),
  sessionsStarted: z.number().int().nonnegative(),
  ratePerS: z.number().positive().describe('sessions started per second, on a fixed schedule'),
  maxSessions: z.number().int().positive().describe('the bound on sessions started (--leak-sessions)'),
  openLimitS: z.number().positive().describe('the bound on the opening\'s length: it stops then whatever the count'),
  openSeconds: z.number().nonnegative().describe('from the first session started to the last one answered'),
  idleS: z.number().nonnegative().describe('seconds of idleness after the last session, before memory was read again'),
  stoppedBy: z.enum(['count', 'time']).describe('what ended the opening: every session started, or its time limit'),
  failures: z.number().int().nonnegative().describe('setups or tools/calls that failed'),
  firstFailure: z.string().optional(),
  bytesPerSession: z
    .object({
      slope: z.number().describe('least-squares slope of memory on sessions opened over the opening\'s readings, bytes per session'),
      stdError: z.number().nullable(),
      ci95: z.object({ low: z.number(), high: z.number() }).nullable(),
      points: z.number().int().positive().describe('readings fitted (the one before, then every reading while sessions opened)'),
    })
    .nullable()
    .describe('null: fewer than two readings with different session counts'),
  memory: z.object({
    beforeBytes: z.number().nonnegative().describe('the fresh instance before the first session'),
    peakBytes: z.number().nonnegative().describe('the highest reading, opening and idle'),
    afterIdleBytes: z.number().nonnegative().describe('after the idle period, before the sessions were probed'),
    returned: z.boolean().describe('after the idle period memory kept at most 10% of its rise from before to the peak'),
  }),
  sessionsAlive: z.number().int().nonnegative().describe('sessions the server still answered (2xx) with their id after the idle period; 404/400 counted as gone'),
  probesUnclear: z.number().int().nonnegative().describe('probes answered neither 2xx nor 404/400, or not at all'),
  samples: z
    .array(z.object({ atMs: z.number(), phase: z.enum(['open', 'idle']), sessionsOpened: z.number().int().nonnegative(), bytes: z.number().nonnegative() }))
    .describe('every memory reading, about every 100 ms, with the sessions opened when it was asked for'),
});

export const targetResultSchema = z.object({
  name: z.string(),
  language: z.string(),
  framework: z.string(),
  runtime: z.enum(['process', 'docker', 'fake']),
  status: z
    .enum(['ok', 'failed-build', 'failed-verification', 'failed-start', 'failed', 'not-measured'])
    .optional()
    .describe('not-measured: the run lost its means to measure (the Docker engine went away) before this target was done; the trials it ran are kept'),
  error: z.string().optional(),
  cpus: z.object({
    requested: z.number().int().positive(),
    granted: z.number().int().nonnegative(),
    serverCpuset: z.string().describe('cores the server is pinned to, as a cpuset list, e.g. "1" or "4-7"'),
    loadgenCpuset: z.string(),
  }),
  sizeBytes: z.number().int().nonnegative().nullable(),
  sizeKind: z.string().optional().describe('what sizeBytes counts: binary, venv+sources, image'),
  image: z
    .object({ id: z.string(), tag: z.string(), build: z.enum(['online', 'offline', 'prebuilt']).describe('prebuilt: the manifest\'s docker.image, used as it is'), cached: z.boolean().optional() })
    .optional(),
  coldStartMs: z.object({
    samples: z.array(z.number().nonnegative()),
    median: z.number().nonnegative().nullable(),
    createMs: z.array(z.number().nonnegative()).optional().describe('docker: container creation, timed apart from start'),
    serverMs: z
      .number()
      .nullable()
      .optional()
      .describe('the server\'s own start-up: median minus the launcher floor (launchFloor.median) measured in the same run'),
  }),
  memory: z.object({
    idleRssBytes: z.number().int().nonnegative().nullable(),
    peakRssBytes: z.number().int().nonnegative().nullable(),
    idleRssSamples: z
      .array(z.number().int().nonnegative())
      .optional()
      .describe('idle RSS after each cold start (one per fresh server): lets compare/gate test idle memory'),
    source: z.string().optional().describe('process-tree RSS, cgroup v1 or cgroup v2'),
    idleAfterLoadBytes: z.number().int().nonnegative().nullable().optional().describe('the measured instance after its last trial and a pause: steady state after load'),
    peakSampledBytes: z.number().int().nonnegative().nullable().optional().describe('highest reading of the 100 ms sampler during trials'),
    peakKernelBytes: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .describe('the kernel\'s high-water mark of the measured instance: VmHWM summed over its processes, or the container cgroup\'s max usage; null where unreadable'),
    peakKernelSource: z.string().optional().describe('which high-water mark peakKernelBytes is; a cgroup\'s counts page cache and is not folded into peakRssBytes'),
  }),
  contract: z
    .object({ kind: z.enum(['own', 'none']), file: z.string().nullable() })
    .optional()
    .describe('absent: verified against the reference contract; own: a contract file of the target; none: only its scenarios\' own checks'),
  verification: z.object({
    passed: z.boolean(),
    failures: z.array(z.string()),
  }),
  scenarios: z.array(scenarioSchema),
  abandonedSessions: abandonedSessionsSchema.optional().describe('only when --scenarios names mcp-leak (docs/methodology.md, Abandoned sessions)'),
});

export const machineSchema = z
  .object({
    hostname: z.string(),
    cpuModel: z.string(),
    cores: z.number().int().positive(),
    memoryBytes: z.number().int().positive(),
    kernel: z.string(),
    os: z.string(),
    arch: z.string(),
    virtualization: z.string().nullable().optional(),
    cgroupVersion: z.union([z.literal(1), z.literal(2)]).nullable().optional(),
    dockerVersion: z.string().nullable().optional(),
    toolchains: z.record(z.string(), z.string().nullable()).optional(),
    nodeVersion: z.string().optional(),
    fingerprint: z.string().describe('hash of cpuModel, cores, memory, kernel, os, arch: results compare only when equal'),
  })
  .passthrough();

export const optionsSchema = z
  .object({
    targets: z.array(z.string()),
    scenarios: z.array(z.string()),
    runtime: z.enum(['auto', 'docker', 'process', 'fake']),
    runtimeUsed: z.enum(['process', 'docker', 'fake']).optional(),
    build: z.enum(['online', 'offline', 'auto']).optional(),
    buildUsed: z.enum(['online', 'offline']).nullable().optional(),
    cpus: z.number().int().positive(),
    connections: z.number().int().positive(),
    durationS: z.number().positive(),
    warmupS: z.number().nonnegative(),
    trials: z.number().int().positive(),
    coldStarts: z.number().int().nonnegative(),
    memoryBytes: z.number().int().positive().optional(),
    out: z.string().nullable().optional(),
    force: z.boolean().optional(),
  })
  .passthrough();

/** stats/sequential.ts SequentialPlan */
const sequentialPlanSchema = z.strictObject({
  alpha: z.number().gt(0).lt(1).describe("the run's whole error budget (two-sided)"),
  firstLook: z.number().int().min(1).describe('the first round after which the run could stop'),
  lastLook: z.number().int().min(1).describe('the last round the budget allowed; no look beyond it'),
  looks: z.array(z.number().int().min(1)).optional().describe('the rounds after which the run looked (each about 1.5x the one before); absent: every round from firstLook to lastLook'),
});

export const scheduleSchema = z
  .object({
    kind: z.enum(['interleaved', 'sequential']),
    seed: z.number().int().nonnegative().describe('seed of the per-round shuffle: the same seed gives the same order'),
    rewarmS: z.number().nonnegative().describe('load before each trial, not recorded, after switching to it'),
    freeze: z.string().describe('how the targets not being measured were kept from running (SIGSTOP, docker pause, none)'),
    disturbedPct: z.number().nonnegative().describe('foreign CPU, percent of a core group, above which a trial is disturbed (before steal was recorded apart: foreign CPU + steal)'),
    disturbedBy: z.enum(['foreign', 'foreign+steal']).optional().describe('what disturbedPct counts; absent: foreign+steal (older files)'),
    maxReruns: z.number().int().nonnegative().describe('re-runs allowed per target and scenario for disturbed trials (fixed --trials runs)'),
    cvLimits: z.object({ rps: z.number().positive(), p99: z.number().positive() }).optional().describe('older files: CV above which clean trials were called unstable (no longer used)'),
    irqTimeAccounted: z.boolean().optional().describe('the kernel accounts interrupt time apart from tasks (affects the foreign-CPU arithmetic)'),
    rounds: z.number().int().nonnegative().optional(),
    sequential: sequentialPlanSchema
      .optional()
      .describe('adaptive rounds: the run looked at its data after the rounds in looks (every round from firstLook, in older files) and spent alpha over its looks; verdicts are read at the level of the look it stopped at, or with all alpha left when the time budget or the plan ended it. Absent: a fixed number of trials, one look at 95%'),
    stop: z
      .object({
        reason: z.enum(['decided', 'budget', 'last-look', 'fixed', 'no-trials']).describe('decided: every asked comparison; budget: no room for another round; last-look: the planned rounds ran; fixed: --trials'),
        pending: z.array(z.string()).describe('asked comparisons still undecided when the run stopped'),
        asked: z.number().int().nonnegative().describe('asked comparisons (claims on trial metrics, gate checks)'),
      })
      .optional()
      .describe('why the rounds stopped'),
    budgetS: z.number().positive().optional().describe('--budget: the whole run\'s time bound, seconds'),
  })
  .describe('how trials were ordered and judged for interference');

export const launchFloorSchema = z
  .object({
    samples: z.array(z.number().nonnegative()),
    median: z.number().nonnegative().nullable(),
    what: z.string().describe('the trivial server timed: ready the moment it runs, so its cold start is the launcher\'s own cost'),
  })
  .describe('cold start of a server that is ready at once, started the same way as the targets');

const latencySamplesSchema = z.object({
  samples: z.number().int().positive(),
  medianUs: z.number().nonnegative(),
  p99Us: z.number().nonnegative(),
  minUs: z.number().nonnegative(),
  maxUs: z.number().nonnegative(),
});

export const twoMachinesSchema = z
  .object({
    engine: z.string().describe('the remote engine the servers ran on (tcp:// or ssh://, no password)'),
    engineSource: z.string().describe('where the engine came from: --docker-host, DOCKER_HOST or a docker context'),
    serverAddress: z.string().describe('the address the load generator sent to (--server-address)'),
    serverHost: z
      .object({
        hostname: z.string(),
        cpuModel: z.string(),
        cores: z.number().int().positive(),
        memoryBytes: z.number().int().positive(),
        kernel: z.string(),
        os: z.string(),
        arch: z.string(),
        cgroupVersion: z.union([z.literal(1), z.literal(2)]).nullable(),
        dockerVersion: z.string().nullable(),
        engineId: z.string().nullable(),
        fingerprint: z.string(),
      })
      .describe("the server's machine as its engine reports it (docker info); `machine` is the load generator's"),
    network: z
      .object({
        url: z.string(),
        target: z.string().optional().describe('the target whose fresh instance answered: the round trip includes its handling of the health request'),
        tcpConnectUs: latencySamplesSchema,
        httpRoundTripUs: latencySamplesSchema,
        measuredAt: z.string().datetime(),
      })
      .nullable()
      .describe('TCP connect and HTTP round-trip times to a fresh server before any load (null: no target got that far)'),
  })
  .describe('a two-machine run: servers on another host\'s engine, load from this machine; compared and gated only with two-machine runs');

export const resultFileSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    langbench: z.object({ version: z.string(), gitCommit: z.string().nullable() }),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    machine: machineSchema,
    options: optionsSchema,
    warnings: z.array(z.string()).optional(),
    schedule: scheduleSchema.optional(),
    launchFloor: launchFloorSchema.nullable().optional(),
    twoMachines: twoMachinesSchema.optional(),
    targets: z.array(targetResultSchema),
  })
  .passthrough();

export type Trial = z.infer<typeof trialSchema>;
export type ScenarioResult = z.infer<typeof scenarioSchema>;
export type ScenarioSummary = z.infer<typeof summarySchema>;
export type TargetResult = z.infer<typeof targetResultSchema>;
export type AbandonedSessionsResult = z.infer<typeof abandonedSessionsSchema>;
export type Machine = z.infer<typeof machineSchema>;
export type RecordedOptions = z.infer<typeof optionsSchema>;
export type ResultFile = z.infer<typeof resultFileSchema>;
export type Interval = z.infer<typeof interval>;
export type TrialInterferenceRecord = z.infer<typeof interferenceSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type LaunchFloor = z.infer<typeof launchFloorSchema>;
export type TwoMachines = z.infer<typeof twoMachinesSchema>;
