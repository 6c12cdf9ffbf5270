/** A value that is a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value read as an open object, for checks field by field on input not trusted yet (a request body,
 * a payload from another node, a parsed file): the object itself, or `{}` when it is not one, so every
 * field then reads as undefined.
 */
export function fieldsOf(value: unknown): Readonly<Record<string, unknown>> {
  return isPlainObject(value) ? value : {};
}
