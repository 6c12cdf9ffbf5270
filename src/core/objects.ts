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

/**
 * True when `value` is one of `members` (a vocabulary such as `LIFECYCLE_KINDS`), narrowing it to the
 * vocabulary's type: a membership test that the compiler sees, instead of `(X as readonly string[]).includes(v)`
 * followed by `v as Kind`.
 */
export function isOneOf<const Member extends string | number>(
  members: readonly Member[],
  value: unknown,
): value is Member {
  return members.some((member) => member === value);
}

/** The keys of `table` that are its own, typed as the table's keys (checked one by one at run time). */
export function keysOf<Key extends string>(table: Readonly<Record<Key, unknown>>): Key[] {
  return Object.keys(table).filter((key): key is Key => Object.hasOwn(table, key));
}
