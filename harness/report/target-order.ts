// Targets in the article's order (the claims file's), then any others as the result file lists them,
// so every table and chart reads left to right like the article: Axum, Go, FastAPI.
import type { ResultFile } from '../results/schema.js';
import type { ClaimsFile } from './claims.js';

export function inClaimsOrder(result: ResultFile, claims: ClaimsFile): ResultFile {
  const order = [...new Set(claims.rows.flatMap((r) => Object.keys(r.claims)))];
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  };
  const targets = result.targets.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t.name) - rank(b.t.name) || a.i - b.i).map((x) => x.t);
  return { ...result, targets };
}

/** Several runs read as a trend: oldest first, whatever order the files were given in. */
export function chronological(results: readonly ResultFile[]): ResultFile[] {
  return [...results].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
