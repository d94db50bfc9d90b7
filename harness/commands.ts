// Every subcommand registers itself here; each lives in its own module.
import type { Command } from 'commander';
import { registerBenchCommand } from './bench/bench-command.js';
import { registerTargetsCommand } from './targets/targets-command.js';
import { registerBuildCommand } from './targets/build-command.js';
import { registerDoctorCommand } from './doctor/doctor-command.js';
import { registerReportCommand } from './report/report-command.js';
import { registerCompareCommand } from './compare/compare-command.js';
import { registerGateCommand } from './gate/gate-command.js';
import { registerInitCommand } from './init/init-command.js';

export function registerCommands(program: Command): void {
  registerBenchCommand(program);
  registerTargetsCommand(program);
  registerBuildCommand(program);
  registerDoctorCommand(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerGateCommand(program);
  registerInitCommand(program);
}
