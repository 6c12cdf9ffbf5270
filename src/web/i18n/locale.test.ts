import { describe, expect, it } from 'vitest';
import { directionOf, intlLocale, pickDigits, pickLocale } from './locale.js';

describe('pickLocale', () => {
  it('keeps the stored choice over the browser language', () => {
    expect(pickLocale('en', ['ar-QA', 'ar'])).toBe('en');
    expect(pickLocale('ar', ['en-US'])).toBe('ar');
  });
  it('opens an Arabic browser in Arabic, whatever the region', () => {
    expect(pickLocale(null, ['ar'])).toBe('ar');
    expect(pickLocale(null, ['ar-EG', 'en'])).toBe('ar');
    expect(pickLocale(null, ['fr-FR', 'ar-MA'])).toBe('ar');
  });
  it('falls back to English for other languages and ignores an unknown stored value', () => {
    expect(pickLocale(null, ['fr-FR', 'de'])).toBe('en');
    expect(pickLocale('xx', ['de'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
  });
  it('formats Arabic with the chosen digits, English with its own', () => {
    expect(pickDigits('arab')).toBe('arab');
    expect(pickDigits(null)).toBe('latn');
    expect(pickDigits('xx')).toBe('latn');
    const n = (locale: 'ar' | 'en', digits: 'arab' | 'latn') =>
      new Intl.NumberFormat(intlLocale(locale, digits)).format(2025);
    expect(n('ar', 'arab')).toBe('٢٬٠٢٥');
    expect(n('ar', 'latn')).toBe('2,025');
    expect(n('en', 'arab')).toBe('2,025');
    const day = new Intl.DateTimeFormat(intlLocale('ar', 'arab'), {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    }).format(new Date('2025-09-09T00:00:00Z'));
    expect(day).toContain('٩');
    expect(day).toContain('٢٠٢٥');
  });
  it('writes Arabic right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});
