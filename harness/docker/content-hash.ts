// The files that make up a target folder, and their hash: the image tag, and (online) exactly the
// build context. Build outputs of the native toolchains never count.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Folders a native build writes into a target; neither hashed nor sent to the engine. */
export const BUILD_OUTPUT_DIRS = ['target', 'bin', '.venv', 'build', 'node_modules', '__pycache__'];

function isBuildOutput(relative: string): boolean {
  return relative.split('/').some((part) => BUILD_OUTPUT_DIRS.includes(part));
}

function walk(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === '.git' || isBuildOutput(relative)) continue;
    if (entry.isDirectory()) files.push(...walk(dir, relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/**
 * Source files of a target folder, relative and sorted: what git tracks plus untracked files it
 * does not ignore (so a new file counts before it is committed), without build outputs. Outside
 * a git checkout: every file under the folder except build outputs.
 */
export function targetSourceFiles(dir: string): string[] {
  let listed: string[];
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    listed = out.toString('utf8').split('\0').filter(Boolean);
  } catch {
    listed = walk(dir);
  }
  const files = [...new Set(listed)].filter((file) => !isBuildOutput(file) && existsSync(path.join(dir, file)) && statSync(path.join(dir, file)).isFile());
  return files.sort();
}

/** sha256 (hex) over each file's relative path, executable bit and bytes, plus any extra strings. */
export function contentHash(dir: string, files: readonly string[], extra: readonly string[] = []): string {
  const hash = createHash('sha256');
  for (const item of extra) hash.update(`extra\0${item}\0`);
  for (const file of [...files].sort()) {
    const full = path.join(dir, file);
    const executable = (statSync(full).mode & 0o111) !== 0;
    const bytes = readFileSync(full);
    hash.update(`file\0${file}\0${executable ? 'x' : '-'}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
