// Validation of the options compare and gate share; misuse quotes the bad value and the expectation.
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from './render-comparison.js';

export function parseFormat(value: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format "${value}" is not one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  return value as OutputFormat;
}

export function parseAlpha(value: string | number, where = '--alpha'): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0 || n >= 0.5) throw new UsageError(`${where} ${JSON.stringify(value)} is not a significance level: expected a number above 0 and below 0.5, e.g. 0.05`);
  return n;
}

export function parseReference(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) throw new UsageError(`--reference "${value}" is not a target name (letters, digits, ., _, -)`);
  return value;
}
