// Keeps the last lines a server or a build printed, to explain why it failed. Bounded whatever
// the server prints: a target that floods its output (one endless line, or lines by the million)
// costs langbench at most `keep` lines of MAX_LINE_CHARS each.

/** Longer lines keep their start (where a message says what it is) and say how much was cut. */
export const MAX_LINE_CHARS = 2000;

/** `cut`: characters of the line already dropped before it reached here */
function clip(line: string, cut = 0): string {
  const over = Math.max(0, line.length - MAX_LINE_CHARS) + cut;
  return over === 0 ? line : `${line.slice(0, MAX_LINE_CHARS)}… (${over} more characters)`;
}

export class OutputTail {
  private lines: string[] = [];
  private partial = '';
  /** characters of the unfinished line beyond what is kept of it */
  private partialCut = 0;

  constructor(private readonly keep: number) {}

  push(chunk: Buffer | string): void {
    const parts = chunk.toString().split('\n');
    const rest = parts.pop() ?? '';
    if (parts.length > 0) {
      const finished = [clip(this.partial + parts[0]!, this.partialCut), ...parts.slice(1).slice(-this.keep).map((line) => clip(line))];
      // a chunk of a million short lines must not become a million-argument push
      this.lines = [...this.lines, ...finished.slice(-this.keep)].slice(-this.keep);
      this.partial = '';
      this.partialCut = 0;
    }
    const grown = this.partial + rest;
    this.partial = grown.slice(0, MAX_LINE_CHARS);
    this.partialCut += grown.length - this.partial.length;
  }

  text(): string {
    return [...this.lines, clip(this.partial, this.partialCut)].filter((line) => line.length > 0).join('\n');
  }
}
