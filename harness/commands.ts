// Every subcommand registers itself here; each lives in its own module.
import type { Command } from 'commander';

export function registerCommands(program: Command): void {
  void program;
}
