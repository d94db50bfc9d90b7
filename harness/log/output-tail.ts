// Keeps the last lines a server or a build printed, to explain why it failed.
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly keep: number) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.keep) this.lines = this.lines.slice(-this.keep);
  }

  text(): string {
    return [...this.lines, this.partial].filter((line) => line.length > 0).join('\n');
  }
}
