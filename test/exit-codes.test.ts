// One exit-code table: the code's (harness/errors.ts) is the one the README and
// docs/compare-and-gate.md print, and every error that decides an exit code takes it from there.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '../harness/errors.js';
import { EXIT_BUILD_FAILED, EXIT_CODES, EXIT_USAGE, ExitError, UsageError, exitCodeForSignal } from '../harness/errors.js';
import { BuildError } from '../harness/targets/build-native.js';
import { cliPath, repoRoot } from './support/run-cli.js';

interface Row {
  code: number;
  meaning: string;
}

/** The first pipe table after the heading "Exit codes", as { code, meaning } rows. */
function exitCodeTable(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const heading = lines.findIndex((line) => /^#+\s+Exit codes\s*$/.test(line));
  if (heading < 0) throw new Error('no "Exit codes" heading');
  const start = lines.findIndex((line, i) => i > heading && line.startsWith('|'));
  if (start < 0) throw new Error('no table after the "Exit codes" heading');
  const table: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++) table.push(lines[i]!);
  const cells = (line: string): string[] => line.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const [header, rule, ...rows] = table;
  expect(cells(header!)).toEqual(['code', 'meaning']);
  expect(cells(rule!).every((c) => /^:?-+:?$/.test(c))).toBe(true);
  return rows.map((row) => {
    const [code, meaning, ...rest] = cells(row);
    expect(rest, `one code and one meaning per row: ${row}`).toEqual([]);
    expect(code, `a number in the code column: ${row}`).toMatch(/^\d+$/);
    return { code: Number(code), meaning: meaning! };
  });
}

const codeTable = EXIT_CODES.map(({ code, meaning }) => ({ code, meaning }));

describe('the exit-code table', () => {
  it('is well formed: distinct codes in ascending order, each name the constant that holds it', () => {
    const codes = EXIT_CODES.map((e) => e.code);
    expect(codes).toEqual([...new Set(codes)].sort((a, b) => a - b));
    for (const { name, code } of EXIT_CODES) expect((errors as unknown as Record<string, unknown>)[name], name).toBe(code);
    const exported = errors as unknown as Record<string, number>;
    const constants = Object.keys(exported).filter((k) => /^EXIT_[A-Z_]+$/.test(k) && k !== 'EXIT_CODES');
    expect(EXIT_CODES.map((e) => e.name)).toEqual(constants.sort((a, b) => exported[a]! - exported[b]!));
  });

  it('reads a Markdown table, and notices a difference', () => {
    const md = '## Exit codes\n\ntext\n\n| code | meaning |\n|---:|---|\n| 0 | fine |\n| 2 | `bad` input |\n\nafter\n';
    expect(exitCodeTable(md)).toEqual([
      { code: 0, meaning: 'fine' },
      { code: 2, meaning: '`bad` input' },
    ]);
    expect(exitCodeTable(md)).not.toEqual(codeTable);
  });

  it.each(['README.md', 'docs/compare-and-gate.md'])('%s lists exactly the code\'s table', (file) => {
    expect(exitCodeTable(readFileSync(path.join(repoRoot, file), 'utf8'))).toEqual(codeTable);
  });

  it('a signal exits 128 + its number', () => {
    for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM'] as const) expect(exitCodeForSignal(signal)).toBe(128 + os.constants.signals[signal]);
  });

  it('errors carry their code: usage 2, a failed build 5 (not 1, which is a regression)', () => {
    expect(new UsageError('x')).toBeInstanceOf(ExitError);
    expect(new UsageError('x').exitCode).toBe(EXIT_USAGE);
    expect(new BuildError('x')).toBeInstanceOf(ExitError);
    expect(new BuildError('x').exitCode).toBe(EXIT_BUILD_FAILED);
    expect(EXIT_BUILD_FAILED).toBe(5);
  });
});

describe('the CLI exits with the table\'s codes', () => {
  it('SIGHUP during a bench: 129, nothing written', async () => {
    if (!existsSync(cliPath)) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before vitest');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-sighup-'));
    const out = path.join(dir, 'never.json');
    const child = spawn(
      process.execPath,
      [cliPath, 'bench', '--runtime', 'fake', '--targets', 'go-nethttp', '--scenarios', 'json', '--duration', '30', '--warmup', '0', '--trials', '1', '--cold-starts', '1', '--connections', '2', '--out', out],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bench did not reach its trial within 60 s:\n${stderr}`)), 60_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // idle memory is the last phase before the 30 s trial (warmup is 0)
        if (stderr.includes('go-nethttp: idle-memory')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`bench exited ${code} before its trial:\n${stderr}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill('SIGHUP');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(129);
    expect(readdirSync(dir)).toEqual([]);
  }, 90_000);
});
