// What the gate checks and how strictly: alpha, per-metric floors, the reference target for
// cross-machine ratios. Comes from defaults, then a config file (JSON or YAML), then options;
// everything is validated before any result file is read.
//
// Config file grammar (all keys optional; unknown keys are errors):
//   alpha: number in (0, 0.5)                 family-wise significance level, default 0.05
//   reference: target name                    ratio mode reference, default go-nethttp
//   allowCrossMachine: boolean                gate on reference ratios across machines, default false
//   floors:                                   percent a change must exceed to fail; off = not gated
//     rps | p50 | p99 | p999 | idleRss | peakRss | coldStart | size: number >= 0 | off
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { DEFAULT_ALPHA, DEFAULT_REFERENCE } from '../compare/compare-results.js';
import { METRIC_IDS, type MetricId } from '../metrics/registry.js';

export type Floors = Record<MetricId, number | null>;

export interface GateConfig {
  alpha: number;
  /** percent; null = the metric is not gated (and not in the Holm family) */
  floors: Floors;
  reference: string;
  allowCrossMachine: boolean;
}

/** METHODOLOGY.md: 5% throughput and memory, 10-15% P99, 10% cold start, size exact with a 1% floor */
export const DEFAULT_FLOORS: Readonly<Floors> = {
  rps: 5,
  p50: null,
  p99: 15,
  p999: null,
  // off by default: peak RSS per trial gates memory, and every gated metric widens the others'
  // simultaneous intervals; `--floor idleRss=10` gates it on its own fresh-start samples
  idleRss: null,
  peakRss: 5,
  // one value per run: shown beside the gated metrics, never tested
  afterLoadRss: null,
  peakMemory: null,
  serverStart: null,
  coldStart: 10,
  size: 1,
};

/** What callers may pass: any subset, floors included; the rest takes the defaults. */
export type GateConfigInput = Partial<Omit<GateConfig, 'floors'>> & { floors?: Partial<Floors> };

export const DEFAULT_CONFIG_FILES = ['langbench.gate.yaml', 'langbench.gate.yml', 'langbench.gate.json'];

export function defaultGateConfig(): GateConfig {
  return { alpha: DEFAULT_ALPHA, floors: { ...DEFAULT_FLOORS }, reference: DEFAULT_REFERENCE, allowCrossMachine: false };
}

const floorSchema = z.union([z.number().min(0).max(1000), z.literal('off'), z.null()]);

export const gateConfigFileSchema = z.strictObject({
  alpha: z.number().gt(0).lt(0.5).optional(),
  reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).optional(),
  allowCrossMachine: z.boolean().optional(),
  floors: z.strictObject(Object.fromEntries(METRIC_IDS.map((id) => [id, floorSchema.optional()])) as Record<MetricId, z.ZodOptional<typeof floorSchema>>).optional(),
});

export type GateConfigFile = z.infer<typeof gateConfigFileSchema>;

export function parseGateConfigText(text: string, label: string): GateConfigFile {
  let data: unknown;
  try {
    data = label.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${label}: gate config is not valid ${label.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  const parsed = gateConfigFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    throw new UsageError(`${label}: invalid gate config at ${where}: ${issue.message} (keys: alpha, reference, allowCrossMachine, floors.{${METRIC_IDS.join(',')}})`);
  }
  return parsed.data;
}

export function loadGateConfigFile(file: string): GateConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read gate config (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`, { cause: error });
  }
  return parseGateConfigText(text, file);
}

/** the checked-in default config in `dir`, if there is one */
export function findDefaultGateConfig(dir: string): string | null {
  for (const name of DEFAULT_CONFIG_FILES) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** "p99=20" or "coldStart=off" */
export function parseFloorOption(value: string): [MetricId, number | null] {
  const m = /^([A-Za-z0-9]+)=(off|\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const id = m ? METRIC_IDS.find((x) => x.toLowerCase() === m[1]!.toLowerCase()) : undefined;
  if (!m || !id) throw new UsageError(`--floor "${value}" is not METRIC=PERCENT or METRIC=off; metrics: ${METRIC_IDS.join(', ')} (e.g. --floor p99=20)`);
  return [id, m[2] === 'off' ? null : Number(m[2])];
}

export interface GateOverrides {
  alpha?: number;
  reference?: string;
  allowCrossMachine?: boolean;
  floors?: Partial<Floors>;
}

/** defaults < config file < options */
export function resolveGateConfig(file: GateConfigFile | null, overrides: GateOverrides = {}): GateConfig {
  const config = defaultGateConfig();
  if (file) {
    if (file.alpha !== undefined) config.alpha = file.alpha;
    if (file.reference !== undefined) config.reference = file.reference;
    if (file.allowCrossMachine !== undefined) config.allowCrossMachine = file.allowCrossMachine;
    for (const [id, v] of Object.entries(file.floors ?? {})) if (v !== undefined) config.floors[id as MetricId] = v === 'off' ? null : v;
  }
  if (overrides.alpha !== undefined) config.alpha = overrides.alpha;
  if (overrides.reference !== undefined) config.reference = overrides.reference;
  if (overrides.allowCrossMachine !== undefined) config.allowCrossMachine = overrides.allowCrossMachine;
  for (const [id, v] of Object.entries(overrides.floors ?? {})) if (v !== undefined) config.floors[id as MetricId] = v;
  if (METRIC_IDS.every((id) => config.floors[id] === null)) throw new UsageError('every floor is off: nothing to gate; set a floor for at least one metric');
  return config;
}
