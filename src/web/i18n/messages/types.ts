/**
 * One message in every language of the console, side by side so that a string cannot be added in
 * one language only (the compiler refuses a missing `ar`). Text is an ICU MessageFormat pattern:
 * `{count, plural, one {# state} other {# states}}`, `{date}`, rich text `<b>…</b>`.
 */
export interface Message {
  en: string;
  ar: string;
}

export type Messages = Record<string, Message>;
