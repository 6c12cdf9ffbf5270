/**
 * One typed error for the whole product. `status` is the HTTP status, `code` a stable snake_case id,
 * `field` the JSON pointer (or CLI/CSV field) of the bad input when there is one.
 */
/** Values a reader's-language message is filled with (`{member}`, `{deadline}`). */
export type DetailParams = Record<string, string | number>;

export class TahalufError extends Error {
  /**
   * The stable machine code of the English `message` (a console renders it in the reader's language
   * from its own catalogue); `code` unless a finer one was given with `withDetail`.
   */
  detailCode: string;
  /** The values that message is filled with. */
  detailParams: DetailParams = {};
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'TahalufError';
    this.detailCode = code;
  }

  /** Names the message's values (and, when it differs from `code`, its finer machine code). */
  withDetail(params: DetailParams, detailCode?: string): this {
    this.detailParams = params;
    if (detailCode) this.detailCode = detailCode;
    return this;
  }
}

export const badInput = (field: string, message: string, details?: Record<string, unknown>) =>
  new TahalufError(400, 'invalid_input', message, field, details);
/** `what` is the English name of the thing (a reader's-language client selects on it: `{what, select, …}`). */
export const notFound = (what: string, id: string) =>
  new TahalufError(404, 'not_found', `${what} '${id}' does not exist`).withDetail({ what, id });
export const conflict = (code: string, message: string, field?: string) =>
  new TahalufError(409, code, message, field);
export const forbidden = (message: string) => new TahalufError(403, 'forbidden', message);
export const unauthorized = (message = 'a valid API token is required') =>
  new TahalufError(401, 'unauthorized', message).withDetail(
    {},
    message === 'a valid API token is required' ? 'sign_in_required' : undefined,
  );
/** A rule of the domain refused the act (e.g. a vote after the deadline); nothing was recorded. */
export const refused = (code: string, message: string, field?: string) =>
  new TahalufError(422, code, message, field);

export const isTahalufError = (e: unknown): e is TahalufError => e instanceof TahalufError;

/** The message of a thrown value: an Error's message, anything else as text. */
export const messageOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : String(thrown);
