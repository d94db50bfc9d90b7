// `langbench init <dir> --language L`: a new target folder to start from, never over an existing one.
import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import { displayPath } from '../output/display-path.js';
import { dockerfileText, INIT_LANGUAGES, manifestText, type InitLanguage } from './init-templates.js';

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface InitOutcome {
  written: string[];
}

export function initTarget(dir: string, language: string): InitOutcome {
  if (!(INIT_LANGUAGES as readonly string[]).includes(language)) {
    throw new UsageError(`--language must be one of ${INIT_LANGUAGES.join(', ')}, got "${language}"`);
  }
  const folder = path.resolve(dir);
  const name = path.basename(folder);
  if (!NAME.test(name)) {
    throw new UsageError(`the folder name "${name}" is the target's name and must be lowercase letters, digits and dashes; choose another folder name`);
  }
  const files: [string, string | null][] = [
    ['target.json', manifestText(language as InitLanguage, name)],
    ['Dockerfile', dockerfileText(language as InitLanguage, name)],
  ];
  const wanted = files.filter((entry): entry is [string, string] => entry[1] !== null);
  const existing = wanted.filter(([file]) => existsSync(path.join(folder, file)));
  if (existing.length > 0) {
    throw new UsageError(`${displayPath(path.join(folder, existing[0]![0]))} already exists; init writes only into a folder without ${wanted.map(([f]) => f).join(' or ')}`);
  }
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of wanted) writeFileAtomic(path.join(folder, file), text, { overwrite: false, existsHint: 'init never overwrites' });
  return { written: wanted.map(([file]) => path.join(folder, file)) };
}

export function registerInitCommand(program: Command): void {
  program
    .command('init <dir>')
    .description('write a commented target.json (and a Dockerfile where one fits) into a new target folder')
    .requiredOption('--language <language>', INIT_LANGUAGES.join(' | '))
    .action((dir: string, options: { language: string }) => {
      const { written } = initTarget(dir, options.language);
      for (const file of written) process.stdout.write(`wrote ${displayPath(file)}\n`);
      const parent = displayPath(path.dirname(path.resolve(dir)));
      process.stdout.write(`next: edit them, then: langbench targets --targets-dir ${parent} && langbench bench --targets-dir ${parent}\n`);
    });
}
