// A trend over more than two result files, oldest first: each file's median per metric and the
// change from the file before it (each consecutive pair compared as compare-results does).
import { compareResults, fileInfo, type CompareOptions, type Comparison, type LabelledResult } from './compare-results.js';
import type { MetricId } from '../metrics/registry.js';

export interface TrendCell {
  median: number | null;
  n: number;
  /** change from the previous file, percent; null for the first file or when not comparable */
  deltaPct: number | null;
  significant: boolean | null;
}

export interface TrendRow {
  target: string;
  scenario: string | null;
  metric: MetricId;
  cells: TrendCell[];
}

export interface Trend {
  mode: 'direct' | 'ratio';
  reference: string | null;
  alpha: number;
  files: Comparison['baseline'][];
  rows: TrendRow[];
}

const key = (r: { target: string; scenario: string | null; metric: string }): string => `${r.target}\u0000${r.scenario ?? ''}\u0000${r.metric}`;

export function compareTrend(files: readonly LabelledResult[], options: CompareOptions = {}): Trend {
  const sorted = [...files].sort((a, b) => Date.parse(a.result.startedAt) - Date.parse(b.result.startedAt));
  const fingerprints = new Set(sorted.map((f) => f.result.machine.fingerprint));
  const mode = options.mode === 'ratio' || fingerprints.size > 1 ? 'ratio' : 'auto';
  const steps = sorted.slice(1).map((f, i) => compareResults(sorted[i]!, f, { ...options, mode }));
  const rows = new Map<string, TrendRow>();
  const empty = (): TrendCell => ({ median: null, n: 0, deltaPct: null, significant: null });
  steps.forEach((step, i) => {
    for (const r of step.rows) {
      let row = rows.get(key(r));
      if (!row) {
        row = { target: r.target, scenario: r.scenario, metric: r.metric, cells: sorted.map(empty) };
        rows.set(key(r), row);
      }
      if (row.cells[i]!.median === null && r.baseline) row.cells[i] = { ...row.cells[i]!, median: r.baseline.median, n: r.baseline.n };
      row.cells[i + 1] = {
        median: r.current?.median ?? null,
        n: r.current?.n ?? 0,
        deltaPct: r.delta?.pct ?? null,
        significant: r.significant,
      };
    }
  });
  return {
    mode: steps[0]?.mode ?? 'direct',
    reference: steps[0]?.reference ?? null,
    alpha: steps[0]?.alpha ?? options.alpha ?? 0.05,
    files: sorted.map(fileInfo),
    rows: [...rows.values()],
  };
}
