import { Type, type TProperties, type TSchema } from 'typebox';

/**
 * Building blocks of route response schemas (`schema.response`), shared by every module's routes.
 *
 * Fastify serializes a JSON answer through its response schema and drops properties the schema does
 * not name. An answer object is therefore declared open (`additionalProperties: true`): the fields
 * named are documented in the OpenAPI document and typed for the handler, and a field added later is
 * still sent. Fields a handler may leave out are `Type.Optional`; a field declared as a string is
 * converted to a string by the serializer, so a field that may be null says so.
 */
export function Answer<P extends TProperties>(properties: P, description?: string) {
  return Type.Object(properties, {
    additionalProperties: true,
    ...(description ? { description } : {}),
  });
}

/** A value sent as it is (a STIX object, a charter, a payload whose shape its own module documents). */
export const Anything = (description?: string) => Type.Unknown(description ? { description } : {});

/** `T | null`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** 204 No Content. */
export const NoContent = Type.Null({ description: 'No content' });

/** A redirect (3xx): no body. */
export const Redirect = (where: string) => Type.Null({ description: `Redirects ${where}` });

/**
 * An answer of another media type (CSV, iCalendar, an event stream, TAXII), sent as text the handler has
 * already written, so never passed through a serializer; `schema` documents what the text holds.
 */
export function TextAnswer(
  mediaType: string,
  description: string,
  schema: TSchema = Type.String(),
) {
  return { description, content: { [mediaType]: { schema } } };
}

/** A signed act's summary as answers give it. */
export const ActSummary = Answer({
  id: Type.String(),
  seq: Type.Number(),
  at: Type.String(),
  actor: Type.String(),
  type: Type.String(),
});

/** A member state's ISO 3166-1 alpha-3 code. */
export const Iso3Code = Type.String({ description: 'ISO 3166-1 alpha-3' });
