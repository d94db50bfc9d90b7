// The claims check as the article's grid: one row per claim, one column per target (or per pair of
// targets for ratios); each cell shows the claim, the measurement and a coloured verdict.
import type { ClaimsCheck } from './claims-check.js';
import { formatClaimMeasured, formatRatioBand, formatRatioMeasured, verdictClass } from './claims-text.js';
import { esc } from './html-escape.js';
import { verdictText, type Verdict } from './verdict.js';

function cell(claim: string, measured: string, v: Verdict): string {
  const cls = verdictClass(v);
  const [median, interval] = measured.includes(' (') ? [measured.slice(0, measured.indexOf(' (')), measured.slice(measured.indexOf(' ('))] : [measured, ''];
  return `<td class="cell ${cls}" data-verdict="${cls}"><div class="claim">article: ${esc(claim)}</div><div class="measured">${esc(median)}<small>${esc(interval)}</small></div><span class="pill ${cls}">${esc(verdictText(v, 'plain'))}</span></td>`;
}

export function absoluteMatrix(check: ClaimsCheck): string {
  const targets = [...new Set(check.rows.flatMap((r) => r.absolute.map((c) => c.target)))];
  const head = `<tr><th></th>${targets.map((t) => `<th>${esc(t)}</th>`).join('')}</tr>`;
  const rows = check.rows
    .map((r) => {
      const scoped = r.metric === 'rps' || r.metric === 'p99' ? ` (${r.scenario})` : r.metric === 'memory' ? ' (idle RSS)' : '';
      const cells = targets.map((t) => {
        const c = r.absolute.find((x) => x.target === t);
        return c ? cell(c.claim.source, formatClaimMeasured(r.metric, c.measured), c.verdict) : '<td class="cell none">—</td>';
      });
      return `<tr><th>${esc(r.label + scoped)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="matrix" data-claims="absolute"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

export function ratioMatrix(check: ClaimsCheck): string {
  const pairs = [...new Set(check.rows.flatMap((r) => r.ratios.map((c) => c.pair.join(' / '))))];
  const head = `<tr><th></th>${pairs.map((p) => `<th>${esc(p)}</th>`).join('')}</tr>`;
  const rows = check.rows
    .map((r) => {
      const cells = pairs.map((p) => {
        const c = r.ratios.find((x) => x.pair.join(' / ') === p);
        return c ? cell(formatRatioBand(c.claimed), formatRatioMeasured(c.measured), c.verdict) : '<td class="cell none">—</td>';
      });
      return `<tr><th>${esc(r.label)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="matrix" data-claims="ratio"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}
