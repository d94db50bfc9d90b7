// The claims check as plain-text table rows and the verdict rule as sentences, shared by the
// Markdown and HTML reporters so both say exactly the same thing.
import { formatMeasured, formatRatio, sig3 } from '../metrics/format.js';
import type { Measured } from '../metrics/measure.js';
import { metricSpec } from '../metrics/registry.js';
import { CLAIM_MEASURED_BY, type Band, type ClaimMetric } from './claims.js';
import type { ClaimsCheck } from './claims-check.js';
import { verdictText, type Verdict } from './verdict.js';

const WHAT: Record<ClaimMetric, string> = {
  rps: 'geometric mean',
  memory: 'idle RSS',
  coldStart: 'geometric mean',
  p99: 'geometric mean',
  size: 'artifact',
};

/** A claim row's measurement, as the metric reads on every other screen. */
export function formatClaimMeasured(metric: ClaimMetric, m: Measured | null): string {
  return m ? formatMeasured(metricSpec(CLAIM_MEASURED_BY[metric]).unit, m) : 'n/a';
}

/** An interval wider than this factor each way says nothing a reader can use: say why instead of printing it. */
const USELESS_SPAN = 1e3;

export function formatRatioMeasured(m: Measured | null): string {
  if (!m) return 'n/a';
  if (m.low > 0 && m.high / m.low > USELESS_SPAN * USELESS_SPAN) return `${formatRatio(m.median)} (no useful interval from ${m.spread?.n ?? 'these'} rounds)`;
  return formatMeasured('ratio', m);
}

/** A claimed band of ratios: ~2.22×, <0.5×, >25×, 0.4–2.5×. */
export function formatRatioBand(b: Band): string {
  if (b.low === b.high) return `~${formatRatio(b.low)}`;
  if (b.low === 0) return `<${formatRatio(b.high)}`;
  if (b.high === Infinity) return `>${formatRatio(b.low)}`;
  return `${sig3(b.low)}–${formatRatio(b.high)}`;
}

export type VerdictClass = 'agrees' | 'disagrees' | 'inconclusive' | 'none';
export function verdictClass(v: Verdict): VerdictClass {
  return v.kind === 'agrees' ? 'agrees' : v.kind === 'higher' || v.kind === 'lower' ? 'disagrees' : v.kind === 'inconclusive' ? 'inconclusive' : 'none';
}

export interface ClaimsTextRow {
  cells: string[];
  verdict: Verdict;
}

/** | Metric | Target | Article says | Measured | Verdict | — one row per claim. */
export function absoluteRows(check: ClaimsCheck): { header: string[]; rows: ClaimsTextRow[] } {
  return {
    header: ['Metric', 'Target', 'Article says', 'Measured', 'Verdict'],
    rows: check.rows.flatMap((r) =>
      r.absolute.map((c) => ({
        cells: [`${r.label} (${WHAT[r.metric]}${r.metric === 'rps' || r.metric === 'p99' ? `, ${r.scenario}` : ''})`, c.target, c.claim.source, formatClaimMeasured(r.metric, c.measured), verdictText(c.verdict)],
        verdict: c.verdict,
      })),
    ),
  };
}

/** | Metric | Ratio | Article implies | Measured | Verdict | — one row per pair of targets. */
export function ratioRows(check: ClaimsCheck): { header: string[]; rows: ClaimsTextRow[] } {
  return {
    header: ['Metric', 'Ratio', 'Article implies', 'Measured', 'Verdict'],
    rows: check.rows.flatMap((r) =>
      r.ratios.map((c) => ({
        cells: [r.label, `${c.pair[0]} / ${c.pair[1]}`, formatRatioBand(c.claimed), formatRatioMeasured(c.measured), verdictText(c.verdict)],
        verdict: c.verdict,
      })),
    ),
  };
}

/** One sentence: which comparison was judged, and why. */
export function modeSentence(check: ClaimsCheck): string {
  const grantedList = Object.entries(check.granted).map(([t, g]) => `${t} ${g}`).join(', ') || 'none';
  if (check.mode === 'absolute') {
    return `Every target ran on ${check.vcpus} granted vCPUs, the article's conditions: the absolute numbers are judged (and the ratios between languages are shown as well).`;
  }
  return `The article's numbers are for ${check.vcpus} vCPUs; this run granted ${grantedList}. Absolute numbers do not transfer across machines, so they are shown but not judged; the ratios between languages, which do transfer, are judged instead.`;
}

/** One line for the console after a run: the tally, the mode and the level the verdicts were read at. */
export function claimsConsoleLine(check: ClaimsCheck): string {
  const t = check.tally;
  const open = check.rows.flatMap((r) => [...(check.mode === 'absolute' ? r.absolute.map((c) => ({ name: `${r.metric} ${c.target}`, v: c.verdict })) : r.ratios.map((c) => ({ name: `${r.metric} ${c.pair.join('/')}`, v: c.verdict })))]).filter((c) => c.v.kind === 'inconclusive');
  return `claims check (${check.mode === 'absolute' ? 'absolute numbers' : 'ratios between languages'}, verdicts at ${(check.level * 100).toPrecision(4)}%): ${t.agrees} agree, ${t.disagrees} disagree, ${t.inconclusive} inconclusive${open.length ? ` (${open.map((c) => `${c.name}: ${c.v.kind === 'inconclusive' ? (c.v.reason ?? 'straddles') : ''}`).join('; ')})` : ''}${t['no-data'] ? `, ${t['no-data']} without data` : ''}; the reports set each claim beside its measurement`;
}

export function tallySentence(check: ClaimsCheck): string {
  const t = check.tally;
  const judged = t.agrees + t.disagrees + t.inconclusive;
  return `${t.agrees} agree, ${t.disagrees} disagree, ${t.inconclusive} inconclusive of ${judged} judged (${check.mode === 'absolute' ? 'absolute numbers' : 'ratios'})${t['no-data'] ? `; ${t['no-data']} without data` : ''}.`;
}

/** The verdict rule, as bullet points. */
export function verdictRule(tolerance: number, symbols: 'emoji' | 'plain' = 'emoji'): string[] {
  const [ok, bad, unsure] = symbols === 'emoji' ? ['✅', '❌', '❔'] : ['✓', '✗', '?'];
  return [
    `Each claim allows a band of values: "~v" is v, "<v" is anything up to v, "a–b" is a to b, "v+" is v and up. The band is widened by the tolerance factor ${tolerance} on both sides (divide the low end, multiply the high end), because the article's figures are rounded ballpark numbers.`,
    'The measurement is a geometric mean with a t interval on the logarithms of its samples (requests/s and P99: over trials, or for ratios over the per-round ratios of trials run in the same round; cold start and idle memory: over fresh starts; size is a single exact value). Requests/s and P99 are read at the run\'s verdict level: 95% when the number of trials was fixed, stricter when the rounds were adaptive, so that stopping once the answer appeared cannot make a wrong answer likelier than 5%. Cold start and memory, measured before the rounds, are read at 95%.',
    `${ok} agrees: the whole interval lies inside the widened band. ${bad} higher / lower: the whole interval lies outside it (the factor compares the centre with the nearest claimed value). ${unsure} inconclusive: the interval straddles an edge; the cell says by how much, and about how many samples would likely decide it. Noise never voids a verdict: it widens the interval.`,
    `Absolute numbers are judged only when every target was granted the claim's vCPUs; otherwise the ratios between languages (e.g. axum / go-nethttp) are judged the same way: the claimed ratio band is built from the two claimed bands, the measured ratio's interval from the two intervals (low / high, high / low), which covers at least the product of their coverages.`,
    `Requests/s from a scenario where at least half the trials were client-bound is a floor: the load generator ran out of CPU first, so the server may be faster. A floor can only prove ${bad} higher; otherwise the cell is ${unsure} inconclusive (client-bound). A ratio over a floor is a ceiling, and can only prove ${bad} lower.`,
    'Memory is the server\'s idle memory after each fresh start: the RSS of its whole process tree (all uvicorn workers), or under Docker its container\'s cgroup (usage minus page cache, as docker stats counts it); requests/s and P99 come from the scenario the article measured; 1 MB = 1,000,000 bytes.',
  ];
}
