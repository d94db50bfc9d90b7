// The article's claims as data (results/claims.json): the schema that validates them and the band
// of values each claim allows, in the unit the harness measures in.
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../input/read-json-file.js';
import type { MetricId } from '../metrics/registry.js';
import { packageResultsDir } from '../paths.js';

/** The five rows of the article's table, each measured one way (see docs/reports.md). */
export const CLAIM_METRICS = ['rps', 'memory', 'coldStart', 'p99', 'size'] as const;
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

/** The metric that measures each row: memory per instance is the idle RSS of one fresh server. */
export const CLAIM_MEASURED_BY: Readonly<Record<ClaimMetric, MetricId>> = {
  rps: 'rps',
  memory: 'idleRss',
  coldStart: 'coldStart',
  p99: 'p99',
  size: 'size',
};

/** The unit each metric is measured in, and what one claimed unit is worth in it. */
const BASE_UNIT: Record<ClaimMetric, { base: string; units: Record<string, number> }> = {
  rps: { base: 'req/s', units: { 'req/s': 1, 'K req/s': 1e3 } },
  memory: { base: 'bytes', units: { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, MiB: 2 ** 20 } },
  coldStart: { base: 'ms', units: { µs: 1e-3, ms: 1, s: 1e3 } },
  p99: { base: 'µs', units: { µs: 1, ms: 1e3, s: 1e6 } },
  size: { base: 'bytes', units: { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, MiB: 2 ** 20 } },
};

const conditionsSchema = z.object({
  vcpus: z.number().int().positive().describe('granted vCPUs the absolute numbers hold for'),
  scenario: z.string().default('json').describe('the langbench scenario the article measured'),
});

const claimSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approx'), value: z.number().positive(), source: z.string() }),
  z.object({ kind: z.literal('lessThan'), value: z.number().positive(), source: z.string() }),
  z.object({ kind: z.literal('atLeast'), value: z.number().positive(), source: z.string() }),
  z.object({ kind: z.literal('range'), low: z.number().positive(), high: z.number().positive(), source: z.string() }),
]);

const rowSchema = z
  .object({
    metric: z.enum(CLAIM_METRICS),
    label: z.string(),
    unit: z.string(),
    conditions: conditionsSchema.partial().optional().describe('overrides the file-wide conditions for this row'),
    claims: z.record(z.string(), claimSchema),
  })
  .superRefine((row, ctx) => {
    if (!(row.unit in BASE_UNIT[row.metric].units)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `unit "${row.unit}" does not fit metric ${row.metric}; use one of ${Object.keys(BASE_UNIT[row.metric].units).join(', ')}`,
      });
    }
    for (const [target, claim] of Object.entries(row.claims)) {
      if (claim.kind === 'range' && claim.low > claim.high) {
        ctx.addIssue({ code: 'custom', path: ['claims', target], message: `range low ${claim.low} is above high ${claim.high}` });
      }
    }
  });

export const claimsFileSchema = z.object({
  source: z.string(),
  conditions: conditionsSchema,
  tolerance: z.number().min(1).describe('a claim agrees when the measurement lies within this factor of its stated band'),
  ratioPairs: z.array(z.tuple([z.string(), z.string()])).describe('target pairs whose ratios are checked when the machine differs'),
  rows: z.array(rowSchema).min(1),
});

export type Claim = z.infer<typeof claimSchema>;
export type ClaimRow = z.infer<typeof rowSchema>;
export type ClaimsFile = z.infer<typeof claimsFileSchema>;

/** A closed band [low, high] in the metric's base unit; high may be Infinity, low may be 0. */
export interface Band {
  low: number;
  high: number;
}

/** The values a claim states, before any tolerance: ~v is the point v, <v is [0, v], v+ is [v, ∞). */
export function claimBand(claim: Claim, row: ClaimRow): Band {
  const f = BASE_UNIT[row.metric].units[row.unit] ?? 1;
  switch (claim.kind) {
    case 'approx':
      return { low: claim.value * f, high: claim.value * f };
    case 'lessThan':
      return { low: 0, high: claim.value * f };
    case 'atLeast':
      return { low: claim.value * f, high: Infinity };
    case 'range':
      return { low: claim.low * f, high: claim.high * f };
  }
}

/** A band widened by the tolerance factor on both sides. */
export function widen(band: Band, tolerance: number): Band {
  return { low: band.low / tolerance, high: band.high * tolerance };
}

/** The conditions that hold for a row: the file's, overridden by the row's own. */
export function rowConditions(claims: ClaimsFile, row: ClaimRow): { vcpus: number; scenario: string } {
  return { ...claims.conditions, ...row.conditions } as { vcpus: number; scenario: string };
}

export const defaultClaimsPath = (): string => path.join(packageResultsDir(), 'claims.json');

/** Reads and validates a claims file; a bad file is the user's to fix, so it is a one-line UsageError. */
export function readClaimsFile(file: string = defaultClaimsPath()): ClaimsFile {
  return readJsonFile(file, claimsFileSchema, {
    unreadable: (f, reason) => `cannot read claims file ${f}: ${reason}`,
    invalid: (f, where, message) => `invalid claims file ${f}: ${where}: ${message}`,
  });
}
