import { messageOf } from './errors.js';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Data files shipped in `data/` (and given on the command line) are `unknown` until checked: every
 * loader reads its file here and checks it against a TypeBox schema, so a bad file fails at start
 * with the file and the field named (`data/warning/networks.json: /networks/0/sensors/2/kind: …`).
 */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${displayPath(file)} is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'DataFileError';
  }
}

const displayPath = (file: string): string => {
  const fromHere = relative(process.cwd(), file);
  return fromHere.startsWith('..') ? file : fromHere;
};

/** Parses a JSON file; a syntax error names the file. */
export function readJsonFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error) {
    throw new DataFileError(file, [`not JSON: ${messageOf(error)}`]);
  }
}

/** What is wrong with `value` under `schema`, each problem prefixed with its JSON pointer. */
export function schemaProblems(schema: TSchema, value: unknown, pointer = ''): string[] {
  return Value.Errors(schema, value).map(
    (error) => `${pointer + error.instancePath || '/'}: ${error.message}`,
  );
}

/** Checks `value` (read from `file`) against `schema`; throws a DataFileError listing every problem. */
export function checkDataFile<Schema extends TSchema>(
  file: string,
  schema: Schema,
  value: unknown,
): Static<Schema> {
  if (Value.Check(schema, value)) return value;
  throw new DataFileError(file, schemaProblems(schema, value));
}

/** Reads and checks a JSON data file in one step. */
export const loadDataFile = <Schema extends TSchema>(
  file: string,
  schema: Schema,
): Static<Schema> => checkDataFile(file, schema, readJsonFile(file));
