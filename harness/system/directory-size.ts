// Bytes on disk of the files that make up an artifact (apparent size, symlinks not followed).
import { lstatSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

export function apparentSize(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return 0;
  if (stat.isFile()) return stat.size;
  if (!stat.isDirectory()) return 0;
  let total = 0;
  for (const entry of readdirSync(target)) total += apparentSize(path.join(target, entry));
  return total;
}
