// `langbench doctor`: prints the checks; exit 0 even when some fail (it reports, it does not gate).
import type { Command } from 'commander';
import { doctorChecks } from './doctor-checks.js';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('report what this machine offers (cores, Docker engine, toolchains) and how to fix what is missing')
    .option('--cpus <n>', 'the server vCPUs you plan to request', '4')
    .action(async (options: { cpus: string }) => {
      const checks = await doctorChecks(Math.max(1, Number.parseInt(options.cpus, 10) || 4));
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const check of checks) {
        process.stdout.write(`${check.ok ? 'ok  ' : 'MISS'}  ${check.name.padEnd(width)}  ${check.detail}\n`);
        if (check.fix) process.stdout.write(`${' '.repeat(width + 8)}fix: ${check.fix}\n`);
      }
    });
}
