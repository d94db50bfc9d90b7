// A stable colour per target across every chart of a report.
const KNOWN: Record<string, string> = { axum: '#d9480f', 'go-nethttp': '#1971c2', fastapi: '#2f9e44' };
const PALETTE = ['#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5f3dc4', '#495057'];

/** Known targets keep their language's colour; others take the palette in order of first appearance. */
export function colorFor(targets: readonly string[]): (name: string) => string {
  const map = new Map<string, string>();
  let next = 0;
  for (const t of targets) map.set(t, KNOWN[t] ?? PALETTE[next++ % PALETTE.length]!);
  return (name) => map.get(name) ?? '#868e96';
}
