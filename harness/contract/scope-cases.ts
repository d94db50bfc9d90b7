// Which contract cases apply to a run: every case when every scenario with cases is asked for (the
// reference contract as a whole); otherwise the cases about the health path and the asked scenarios' paths,
// so a target that serves only /json can be measured on json without answering /tool.
import type { ContractFixture } from './fixture-schema.js';

/** "/json", "/json/" and "//json" are all about /json */
const normalize = (p: string): string => `/${p.split('?')[0]!.split('/').filter(Boolean).join('/')}`;

export function scopeCases(fixture: ContractFixture, scenarios: readonly string[], healthPath: string): ContractFixture {
  // the whole contract once every scenario it has cases about is asked (an MCP endpoint, checked
  // by a real MCP session instead, has none)
  const casePaths = new Set(fixture.cases.map((c) => normalize(c.request.path)));
  const covered = Object.keys(fixture.scenarios).filter((s) => casePaths.has(normalize(fixture.scenarios[s]!.path)));
  if (covered.every((s) => scenarios.includes(s))) return fixture;
  const paths = new Set([normalize(healthPath), ...scenarios.flatMap((s) => (fixture.scenarios[s] ? [normalize(fixture.scenarios[s].path)] : []))]);
  return { ...fixture, cases: fixture.cases.filter((c) => paths.has(normalize(c.request.path))) };
}
