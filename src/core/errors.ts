/**
 * One typed error for the whole product. `status` is the HTTP status, `code` a stable snake_case id,
 * `field` the JSON pointer (or CLI/CSV field) of the bad input when there is one.
 */
export class TahalufError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TahalufError';
  }
}

export const badInput = (field: string, message: string, details?: Record<string, unknown>) =>
  new TahalufError(400, 'invalid_input', message, field, details);
export const notFound = (what: string, id: string) =>
  new TahalufError(404, 'not_found', `${what} '${id}' does not exist`);
export const conflict = (code: string, message: string, field?: string) =>
  new TahalufError(409, code, message, field);
export const forbidden = (message: string) => new TahalufError(403, 'forbidden', message);
export const unauthorized = (message = 'a valid API token is required') =>
  new TahalufError(401, 'unauthorized', message);
/** A rule of the domain refused the act (e.g. a vote after the deadline); nothing was recorded. */
export const refused = (code: string, message: string, field?: string) =>
  new TahalufError(422, code, message, field);

export const isTahalufError = (e: unknown): e is TahalufError => e instanceof TahalufError;

/** The message of a thrown value: an Error's message, anything else as text. */
export const messageOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : String(thrown);
