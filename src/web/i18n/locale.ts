import { isOneOf } from '../guards.js';
/** The console's languages. The first is the fallback for any other browser language. */
export const LOCALES = ['en', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** localStorage key of the reader's choice (a preference, not a secret). */
export const LOCALE_KEY = 'tahaluf.locale';

export const isLocale = (v: unknown): v is Locale => isOneOf(LOCALES, v);

/** Writing direction of a locale. */
export const directionOf = (locale: Locale): 'rtl' | 'ltr' => (locale === 'ar' ? 'rtl' : 'ltr');

/**
 * The locale to open with: the stored choice if any, else the first browser language the console has
 * (`ar`, `ar-QA`, `ar-EG` … → Arabic), else English.
 */
export function pickLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_KEY);
  } catch {
    return null; // storage disabled: the browser language decides
  }
}

export function initialLocale(): Locale {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return pickLocale(readStored(), langs);
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/**
 * How Arabic writes its numbers and dates: Arabic-Indic digits (٠١٢٣, Unicode extension `nu-arab`, as
 * `ar-EG` has them) or Latin digits (0123, `nu-latn`, as the Gulf's official sites mostly write them). A
 * reader's choice, remembered; English always writes Latin digits.
 */
export const DIGITS = ['latn', 'arab'] as const;
export type Digits = (typeof DIGITS)[number];

/** localStorage key of the reader's choice of digits. */
export const DIGITS_KEY = 'tahaluf.digits';

export const isDigits = (v: unknown): v is Digits => isOneOf(DIGITS, v);

/** The stored choice of digits, else Latin (what the console wrote before the choice existed). */
export const pickDigits = (stored: string | null): Digits => (isDigits(stored) ? stored : 'latn');

export function initialDigits(): Digits {
  try {
    return pickDigits(window.localStorage.getItem(DIGITS_KEY));
  } catch {
    return 'latn';
  }
}

export function storeDigits(digits: Digits): void {
  try {
    window.localStorage.setItem(DIGITS_KEY, digits);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/** The BCP 47 tag Intl formats with: Arabic with its digits as a Unicode extension (`ar-u-nu-arab`). */
export const intlLocale = (locale: Locale, digits: Digits): string =>
  locale === 'ar' ? `ar-u-nu-${digits}` : locale;

/** Sets `lang` and `dir` on <html>, so the whole document (and the browser's own UI) follows. */
export function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}
