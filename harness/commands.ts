// Every subcommand registers itself here; each lives in its own module.
import type { Command } from 'commander';
import { registerBenchCommand } from './bench/bench-command.js';
import { registerTargetsCommand } from './targets/targets-command.js';
import { registerDoctorCommand } from './doctor/doctor-command.js';

export function registerCommands(program: Command): void {
  registerBenchCommand(program);
  registerTargetsCommand(program);
  registerDoctorCommand(program);
}
