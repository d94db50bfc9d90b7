// Reads a JSON file the user owns (a manifest, the contract, the claims) and validates it with its
// zod schema. Either failure is the user's to fix, so it becomes a one-line UsageError whose words
// the caller chooses.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UsageError } from '../errors.js';

export interface JsonFileMessages {
  /** the file is missing, unreadable or not JSON; `reason` is the first line of the cause */
  unreadable(file: string, reason: string): string;
  /** the JSON breaks the schema at `where` (dotted path, "(root)" for the whole document) */
  invalid(file: string, where: string, message: string): string;
}

export interface JsonFileOptions {
  /** JSON with line and block comments and trailing commas (a manifest people edit by hand) */
  comments?: boolean;
}

/** JSON with comments, or the reason it is not, with the line and column of the first error. */
function parseCommented(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const before = text.slice(0, first.offset).split('\n');
    throw new Error(`${printParseErrorCode(first.error)} at line ${before.length}, column ${before.at(-1)!.length + 1}`);
  }
  return value;
}

export function readJsonFile<S extends z.ZodType>(file: string, schema: S, messages: JsonFileMessages, options: JsonFileOptions = {}): z.output<S> {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = options.comments ? parseCommented(text) : JSON.parse(text);
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
