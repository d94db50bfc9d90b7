// `langbench doctor`: prints the checks; exit 0 even when some fail (it reports, it does not gate).
import type { Command } from 'commander';
import { doctorChecks } from './doctor-checks.js';
import { positiveInteger } from '../bench/bench-options.js';
import { withTargetsDirOption } from '../targets/targets-dir-option.js';

export function registerDoctorCommand(program: Command): void {
  const doctor = program
    .command('doctor')
    .description('report what this machine offers (cores, Docker engine, toolchains) and how to fix what is missing')
    .option('--cpus <n>', 'the server vCPUs you plan to request', '4');
  withTargetsDirOption(doctor).action(async (options: { cpus: string; targetsDir: string[] }) => {
      // the same refusal as bench's: a bad --cpus is said, not silently replaced
      const checks = await doctorChecks(positiveInteger('--cpus', options.cpus), options.targetsDir);
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const check of checks) {
        process.stdout.write(`${check.ok ? 'ok  ' : 'MISS'}  ${check.name.padEnd(width)}  ${check.detail}\n`);
        if (check.fix) process.stdout.write(`${' '.repeat(width + 8)}fix: ${check.fix}\n`);
      }
    });
}
