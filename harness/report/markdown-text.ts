// GitHub-flavoured Markdown building blocks: text from a result file is user data, so it is
// escaped before it reaches a table cell or a heading.

/** Escapes Markdown syntax (and the table pipe) in user text; newlines become spaces. */
export function mdEscape(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^([#+\-=>])/, '\\$1');
}

/** A pipe table; cells are Markdown already (escape user text with mdEscape first). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\n/g, ' ')).join(' | ')} |`;
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [line(header), line(sep), ...rows.map((r) => line(header.map((_, i) => r[i] ?? '')))].join('\n');
}
