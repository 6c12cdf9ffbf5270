import { createRequire } from 'node:module';
import type { FastifySchemaCompiler } from 'fastify';

const require = createRequire(import.meta.url);
const Ajv = (require('ajv') as typeof import('ajv')).default;
const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
  });
  addFormats(ajv);
  return ajv;
}

// Query strings, path parameters and headers arrive as text: they are coerced to the schema's types
// (`?limit=5` → 5). Bodies are JSON: a number where a string is required is an error, never converted.
const coercing = makeAjv(true);
const strict = makeAjv(false);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object) as ReturnType<
    FastifySchemaCompiler<unknown>
  >;
