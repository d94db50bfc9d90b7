// Which of the commands a target needs are missing from PATH.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function findOnPath(command: string): string | null {
  if (command.includes('/')) return existsSync(command) ? command : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, command))) return path.join(dir, command);
  }
  return null;
}

export function missingCommands(commands: readonly string[]): string[] {
  return commands.filter((command) => findOnPath(command) === null);
}
