#!/usr/bin/env node
// langbench: wiring only — options to commands; each command lives in its own module.
import { Command, CommanderError } from 'commander';
import { UsageError, EXIT_USAGE } from './errors.js';
import { BuildError } from './targets/build-native.js';
import { registerCommands } from './commands.js';
import { langbenchVersion } from './version.js';
import { installSignalHandlers } from './lifecycle/cleanup.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('langbench')
    .description('build, pin, verify, load-test, record, compare and gate HTTP tool servers')
    .version(langbenchVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.trimEnd().split('\n')[0] + '\n') })
    .showSuggestionAfterError(true);
  registerCommands(program);
  installSignalHandlers();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are "errors" to commander; they already printed what they had to
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`langbench: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof BuildError) {
      // a compiler's own output explains a failed build better than our stack would
      process.stderr.write(`langbench: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`langbench: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
