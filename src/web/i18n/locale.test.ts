import { describe, expect, it } from 'vitest';
import { directionOf, pickLocale } from './locale.js';

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
  it('writes Arabic right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});
