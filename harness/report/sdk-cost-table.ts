// "The official SDK's cost": per target, the hand-written /tool beside the MCP endpoints its
// language's official SDK serves (stateless, with a session per connection, a session per call),
// each with the protocol revision it spoke and its ratio to /tool from trials of the same rounds. Cold start and size are of the one process serving all of them.
import type { ResultFile, TargetResult } from '../results/schema.js';
import { formatMeasured } from '../metrics/format.js';
import { measuredText, measureScenarioRatio } from '../metrics/measure.js';
import type { MetricId } from '../metrics/registry.js';
import { findScenario } from './result-lookup.js';
import { recordedRevision } from '../mcp/mcp-revision.js';
import type { TextTable } from './tables.js';

const BARE = 'tool';
const SDK = [
  { scenario: 'mcp', label: 'MCP via the SDK, stateless' },
  { scenario: 'mcp-session', label: 'MCP via the SDK, with sessions' },
  { scenario: 'mcp-churn', label: 'MCP via the SDK, a session per call' },
] as const;

/** Targets measured on /tool and on at least one MCP scenario. */
function comparable(result: ResultFile): TargetResult[] {
  return result.targets.filter((t) => findScenario(t, BARE)?.trials.length && SDK.some((s) => findScenario(t, s.scenario)?.trials.length));
}

export function hasSdkCost(result: ResultFile): boolean {
  return comparable(result).length > 0;
}

function ratioCell(id: MetricId, t: TargetResult, scenario: string): string {
  const m = measureScenarioRatio(id, t, scenario, BARE);
  if (!m) return 'n/a';
  return `${formatMeasured('ratio', m)}${m.untrusted ? ' ❔' : ''}`;
}

export function sdkCostTable(result: ResultFile): TextTable {
  const rows: string[][] = [];
  for (const t of comparable(result)) {
    const cell = (id: MetricId, scenario: string) => (findScenario(t, scenario)?.trials.length ? (measuredText(id, t, scenario) ?? 'n/a') : 'n/a');
    rows.push([t.name, '/tool, hand-written', cell('rps', BARE), '1×', cell('p99', BARE), '1×', cell('peakRss', BARE)]);
    for (const sdk of SDK) {
      const s = findScenario(t, sdk.scenario);
      if (!s?.trials.length) continue;
      rows.push([t.name, `${s.request?.path ?? sdk.scenario}, ${sdk.label} (${recordedRevision(s)})`, cell('rps', sdk.scenario), ratioCell('rps', t, sdk.scenario), cell('p99', sdk.scenario), ratioCell('p99', t, sdk.scenario), cell('peakRss', sdk.scenario)]);
    }
  }
  return {
    header: ['Target', 'Endpoint', 'Requests/s', '× /tool', 'P99', '× /tool', 'Peak RSS per trial'],
    numeric: [false, false, true, true, true, true, true],
    rows,
  };
}

export const SDK_COST_NOTE =
  'Each language\'s hand-written /tool beside the same tools served by its official MCP SDK over Streamable HTTP, in the same process and the same rounds. × /tool: the median of per-round ratios (its 95% interval), so a slow minute of the machine moves both sides alike; in parentheses the MCP protocol revision spoken (2026-07-28: each call stands alone; 2025-11-25: initialize first; a session per call: initialize, initialized, the call and DELETE, timed as one); ❔ the ratio varies too much between rounds to be read. Cold start, idle memory and size are the one process\'s, SDK included (see the Targets table).';
