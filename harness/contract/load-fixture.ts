// Reads and validates the HTTP contract (targets/contract.json by default).
import path from 'node:path';
import { contractFixtureSchema, type ContractFixture } from './fixture-schema.js';
import { targetsDir } from '../paths.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../input/read-json-file.js';

export const defaultContractFile = (): string => path.join(targetsDir(), 'contract.json');

/** The contract fixture, validated; a missing or malformed file is a UsageError with one line. */
export function loadContractFixture(file: string = defaultContractFile()): ContractFixture {
  const fixture = readJsonFile(file, contractFixtureSchema, {
    unreadable: (f, reason) => `${f}: not readable JSON (${reason}); fix it, see targets/README.md`,
    invalid: (f, where, message) => `${f}: ${where}: ${message}; see targets/README.md for the contract format`,
  });
  const requests: [string, ContractFixture['scenarios'][string]][] = [
    ...fixture.cases.map((c): [string, typeof c.request] => [`cases "${c.name}"`, c.request]),
    ...Object.entries(fixture.scenarios).map(([name, request]): [string, typeof request] => [`scenarios.${name}`, request]),
  ];
  for (const [where, request] of requests) {
    const sources = (['body', 'json', 'bodyOfSize'] as const).filter((key) => request[key] !== undefined);
    if (sources.length > 1) {
      throw new UsageError(`${file}: ${where}: request has ${sources.join(' and ')}; give at most one of body, json, bodyOfSize`);
    }
  }
  const names = new Set<string>();
  for (const c of fixture.cases) {
    if (names.has(c.name)) throw new UsageError(`${file}: case name "${c.name}" appears twice; case names must be unique`);
    names.add(c.name);
  }
  return fixture;
}
