/**
 * Run-time checks that narrow a value the console received (an answer, a form field, a stored choice)
 * to the type it must have, instead of a cast. The console bundle does not import the node's
 * `core/objects.ts`; these are the same checks for the browser.
 */

/** True when `value` is one of `members` (a `const` vocabulary), narrowing it to the vocabulary's type. */
export function isOneOf<const Member extends string | number>(
  members: readonly Member[],
  value: unknown,
): value is Member {
  return members.some((member) => member === value);
}

/** The keys of `table` that are its own, typed as the table's keys. */
export function keysOf<Key extends string>(table: Readonly<Record<Key, unknown>>): Key[] {
  return Object.keys(table).filter((key): key is Key => Object.hasOwn(table, key));
}

/** A value that is a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value read as an open object, every field `unknown` (`{}` when it is not an object). */
export function fieldsOf(value: unknown): Readonly<Record<string, unknown>> {
  return isPlainObject(value) ? value : {};
}

/** The field's value when it is a string. */
export const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
