// Lays out rows of cells as an aligned plain-text table or a GitHub Markdown table.

export type Align = 'left' | 'right';

export function renderTextTable(headers: readonly string[], rows: readonly string[][], align: readonly Align[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (align[i] === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const escapeCell = (c: string): string => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdownTable(headers: readonly string[], rows: readonly string[][], align: readonly Align[]): string {
  const row = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${align.map((a) => (a === 'right' ? '---:' : '---')).join('|')}|`;
  return [row(headers), rule, ...rows.map(row)].join('\n');
}

/**
 * A long Markdown table folded for a PR comment: the rows that matter in the open, every row in
 * a <details> block. Short tables are shown whole.
 */
export function renderFoldedMarkdownTable(
  headers: readonly string[],
  rows: readonly string[][],
  align: readonly Align[],
  keep: readonly boolean[],
  what: { kept: string; none: string },
  foldAbove = 12,
): string {
  if (rows.length <= foldAbove) return renderMarkdownTable(headers, rows, align);
  const kept = rows.filter((_, i) => keep[i]);
  const open = kept.length ? `**${what.kept}**\n\n${renderMarkdownTable(headers, kept, align)}` : `_${what.none}_`;
  return `${open}\n\n<details><summary>All ${rows.length} rows</summary>\n\n${renderMarkdownTable(headers, rows, align)}\n\n</details>`;
}
