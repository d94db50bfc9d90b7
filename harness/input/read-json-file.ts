// Reads a JSON file the user owns (a manifest, the contract, the claims) and validates it with its
// zod schema. Either failure is the user's to fix, so it becomes a one-line UsageError whose words
// the caller chooses.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UsageError } from '../errors.js';

export interface JsonFileMessages {
  /** the file is missing, unreadable or not JSON; `reason` is the first line of the cause */
  unreadable(file: string, reason: string): string;
  /** the JSON breaks the schema at `where` (dotted path, "(root)" for the whole document) */
  invalid(file: string, where: string, message: string): string;
}

export function readJsonFile<S extends z.ZodType>(file: string, schema: S, messages: JsonFileMessages): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(messages.unreadable(file, (error as Error).message.split('\n')[0]!), { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(messages.invalid(file, issue.path.join('.') || '(root)', issue.message));
  }
  return parsed.data;
}
