import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { IntlProvider, useIntl, type IntlShape } from 'react-intl';
import {
  applyToDocument,
  directionOf,
  initialDigits,
  initialLocale,
  intlLocale,
  storeDigits,
  storeLocale,
  type Digits,
  type Locale,
} from './locale.js';
import { catalogue, type MessageId } from './messages/index.js';

export type { Digits, Locale } from './locale.js';
export type { MessageId } from './messages/index.js';

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  digits: Digits;
  setDigits: (digits: Digits) => void;
}
const LocaleContext = createContext<LocaleState>({
  locale: 'en',
  setLocale: () => undefined,
  digits: 'latn',
  setDigits: () => undefined,
});

/**
 * Wraps the console: picks the locale (stored choice, else the browser's languages, else English),
 * sets `lang`/`dir` on <html>, and gives react-intl the catalogue. `setLocale` remembers the choice.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(initialLocale);
  useEffect(() => applyToDocument(locale), [locale]);
  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setState(next);
  }, []);
  const [digits, setDigitsState] = useState<Digits>(initialDigits);
  const setDigits = useCallback((next: Digits) => {
    storeDigits(next);
    setDigitsState(next);
  }, []);
  const messages = useMemo(() => catalogue(locale), [locale]);
  const value = useMemo(
    () => ({ locale, setLocale, digits, setDigits }),
    [locale, setLocale, digits, setDigits],
  );
  return (
    <LocaleContext.Provider value={value}>
      {/* Numbers and dates (formatNumber, formatDate, plural `#`) follow the reader's choice of digits. */}
      <IntlProvider locale={intlLocale(locale, digits)} defaultLocale="en" messages={messages}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

type Primitive = string | number | boolean | null | undefined | Date;
type RichValue = Primitive | ReactNode | ((chunks: ReactNode[]) => ReactNode);

/** A state or alliance as the registry names it. */
export interface Named {
  nameEn: string;
  nameAr?: string | null;
}

/** A calendar date `YYYY-MM-DD` (or an instant) as a Date at UTC midnight / that instant. */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
}

export interface I18n {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  setLocale: (locale: Locale) => void;
  /** Arabic's digits (Arabic-Indic or Latin), the reader's remembered choice. */
  digits: Digits;
  setDigits: (digits: Digits) => void;
  intl: IntlShape;
  /** A message as plain text: `t('council.votes', { count: 3 })`. */
  t: (id: MessageId, values?: Record<string, Primitive>) => string;
  /** A message with markup: `rich('shell.notFound.body', { link: (c) => <a href="#/">{c}</a> })`. */
  rich: (id: MessageId, values: Record<string, RichValue>) => ReactNode;
  /** A number in the reader's locale (Arabic-Indic digits in Arabic). */
  num: (n: number, options?: Parameters<IntlShape['formatNumber']>[1]) => string;
  /**
   * A calendar date (`2025-09-09`) in the reader's locale, read at UTC so the day never shifts. English
   * keeps ISO 8601 (`2025-09-09`, as the URL and the date field have it: unambiguous between the
   * alliance's many English date habits); Arabic writes `٩ سبتمبر ٢٠٢٥`. Options force Intl in both.
   */
  date: (value: string | Date, options?: Intl.DateTimeFormatOptions) => string;
  /** An instant with its time and zone (UTC), in the reader's locale. */
  dateTime: (value: string | Date) => string;
  /** The registry's name in the reader's language (the English one where no Arabic is recorded). */
  name: (x: Named) => string;
  /** A list joined in the reader's language: "Qatar, Oman and Kuwait" / "قطر وعُمان والكويت". */
  list: (items: string[], type?: 'conjunction' | 'disjunction') => string;
  /**
   * A BCP 47 language tag named in the reader's language, the tag kept beside it since it is what the
   * field takes: "Arabic (ar)", "Arabic (Kuwait) (ar-KW)" / "العربية (ar)"; the bare tag where the
   * browser has no name for it.
   */
  language: (tag: string) => string;
}

/** Everything a view needs to speak the reader's language. */
export function useI18n(): I18n {
  const intl = useIntl();
  const { locale, setLocale, digits, setDigits } = useContext(LocaleContext);
  return useMemo<I18n>(
    () => ({
      locale,
      dir: directionOf(locale),
      setLocale,
      digits,
      setDigits,
      intl,
      t: (id, values) => intl.formatMessage({ id }, values),
      rich: (id, values) => intl.formatMessage({ id }, values as never) as ReactNode,
      num: (n, options) => intl.formatNumber(n, options),
      date: (value, options) =>
        locale === 'en' &&
        !options &&
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value)
          ? value
          : intl.formatDate(toDate(value), {
              timeZone: 'UTC',
              ...(options ?? { year: 'numeric', month: 'short', day: 'numeric' }),
            }),
      dateTime: (value) =>
        intl.formatDate(toDate(value), {
          timeZone: 'UTC',
          dateStyle: 'medium',
          timeStyle: 'long',
        }),
      name: (x) => (locale === 'ar' && x.nameAr ? x.nameAr : x.nameEn),
      list: (items, type = 'conjunction') => intl.formatList(items, { type }),
      language: (tag) => {
        let name: string | undefined;
        try {
          name = intl.formatDisplayName(tag, { type: 'language' });
        } catch {
          name = undefined; // not a well-formed tag: said as written
        }
        return name && name !== tag ? `${name} (${tag})` : tag;
      },
    }),
    [intl, locale, setLocale, digits, setDigits],
  );
}

/** The current locale only (cheaper than useI18n where only names are needed). */
export function useLocale(): Locale {
  return useContext(LocaleContext).locale;
}
