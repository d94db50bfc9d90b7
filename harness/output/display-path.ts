// A path as a user wants to read it: relative when below the current folder, absolute otherwise.
import path from 'node:path';

export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
