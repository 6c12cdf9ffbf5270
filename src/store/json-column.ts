/**
 * A text column holding the JSON of a `T`, written by its own module's repository with
 * `JSON.stringify`. The phantom property carries `T` in the table type, so a read through
 * `parseJson` is typed by the column instead of by a cast at every read; a plain string stays
 * assignable, so writes are unchanged. What is read is trusted as far as the module's own writes
 * are (the record's acts, which come from outside, are validated by their rules instead).
 */
export type JsonText<T> = string & { readonly __json?: T };

/**
 * The value a JSON text column holds (the one cast: JSON.parse cannot know the column's type).
 * `NoInfer`: `T` comes from the column's type only, never from where the result is used, so a
 * plain string (a column not typed as JsonText) reads as `unknown` and must be checked.
 */
export const parseJson = <T>(text: JsonText<T>): NoInfer<T> => JSON.parse(text) as T;
