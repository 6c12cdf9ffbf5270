/** The console's languages. The first is the fallback for any other browser language. */
export const LOCALES = ['en', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** localStorage key of the reader's choice (a preference, not a secret). */
export const LOCALE_KEY = 'tahaluf.locale';

export const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

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

/** Sets `lang` and `dir` on <html>, so the whole document (and the browser's own UI) follows. */
export function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}
