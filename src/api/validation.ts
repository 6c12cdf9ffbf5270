import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type AnySchema } from 'ajv';
import ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS: its default import is the module, whose `default` is the plugin.
const addFormats = ajvFormats.default;

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

export const validatorCompiler: FastifySchemaCompiler<AnySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema);
