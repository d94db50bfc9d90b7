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
});

export const summarySchema = z.object({
  rps: z.object({ median: z.number(), ci95: interval }),
  p99Us: z.object({ median: z.number(), ci95: interval }),
  p50Us: z.object({ median: z.number(), ci95: interval }).optional(),
  p999Us: z.object({ median: z.number(), ci95: interval }).optional(),
  clientBoundTrials: z.number().int().nonnegative().optional(),
  erroredTrials: z.number().int().nonnegative().optional(),
});

export const scenarioSchema = z.object({
  name: z.string(),
  request: z
    .object({ method: z.string(), path: z.string(), body: z.string().optional() })
    .optional(),
  warmupS: z.number().nonnegative().optional(),
  trials: z.array(trialSchema),
  summary: summarySchema,
});

export const targetResultSchema = z.object({
  name: z.string(),
  language: z.string(),
  framework: z.string(),
  runtime: z.enum(['process', 'docker', 'fake']),
  status: z.enum(['ok', 'failed-build', 'failed-verification', 'failed-start', 'failed']).optional(),
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
    .object({ id: z.string(), tag: z.string(), build: z.enum(['online', 'offline']), cached: z.boolean().optional() })
    .optional(),
  coldStartMs: z.object({
    samples: z.array(z.number().nonnegative()),
    median: z.number().nonnegative().nullable(),
    createMs: z.array(z.number().nonnegative()).optional().describe('docker: container creation, timed apart from start'),
  }),
  memory: z.object({
    idleRssBytes: z.number().int().nonnegative().nullable(),
    peakRssBytes: z.number().int().nonnegative().nullable(),
    idleRssSamples: z
      .array(z.number().int().nonnegative())
      .optional()
      .describe('idle RSS after each cold start (one per fresh server): lets compare/gate test idle memory'),
    source: z.string().optional().describe('process-tree RSS, cgroup v1 or cgroup v2'),
  }),
  verification: z.object({
    passed: z.boolean(),
    failures: z.array(z.string()),
  }),
  scenarios: z.array(scenarioSchema),
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

export const resultFileSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    langbench: z.object({ version: z.string(), gitCommit: z.string().nullable() }),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    machine: machineSchema,
    options: optionsSchema,
    warnings: z.array(z.string()).optional(),
    targets: z.array(targetResultSchema),
  })
  .passthrough();

export type Trial = z.infer<typeof trialSchema>;
export type ScenarioResult = z.infer<typeof scenarioSchema>;
export type ScenarioSummary = z.infer<typeof summarySchema>;
export type TargetResult = z.infer<typeof targetResultSchema>;
export type Machine = z.infer<typeof machineSchema>;
export type RecordedOptions = z.infer<typeof optionsSchema>;
export type ResultFile = z.infer<typeof resultFileSchema>;
export type Interval = z.infer<typeof interval>;
