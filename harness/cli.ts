#!/usr/bin/env node
// langbench: wiring only — options to commands; each command lives in its own module.
import { Command, CommanderError } from 'commander';
import { EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, ExitError } from './errors.js';
import { worldFault } from './faults/world-fault.js';
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
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are "errors" to commander; they already printed what they had to
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof ExitError) {
      // a usage error or a failed build: the message says what to fix, a stack would not
      process.stderr.write(`langbench: ${error.message}\n`);
      return error.exitCode;
    }
    // the engine went away or a disk filled wherever it happened: the user's to fix, not a bug
    const fault = worldFault(error);
    if (fault) {
      process.stderr.write(`langbench: ${fault.line}\n`);
      return EXIT_ENVIRONMENT;
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
    process.exitCode = EXIT_INTERNAL;
  },
);
