// --targets-dir, the same on every command that reads targets: repeatable, each a folder of targets.
import type { Command } from 'commander';

export function withTargetsDirOption(command: Command): Command {
  return command.option('--targets-dir <dir>', 'another folder of targets (one sub-folder with a target.json each); repeatable', (dir: string, dirs: string[]) => [...dirs, dir], [] as string[]);
}
