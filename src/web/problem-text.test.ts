import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { catalogue, type MessageId } from './i18n/messages/index.js';
import { plainProblem, problemText } from './problem-text.js';

const labels: [RegExp, string][] = [
  [/\/homeBase\/lon$/, 'Longitude'],
  [/\/size$/, 'Troops'],
];

describe('plainProblem', () => {
  it('names the field as the form labels it and says the schema phrase in words', () => {
    const e = new ApiError(
      400,
      'Bad Request',
      'body/units/0/homeBase/lon must be number',
      'bad_input',
      'body/units/0/homeBase/lon',
    );
    expect(plainProblem(e, labels)).toEqual({
      field: 'body/units/0/homeBase/lon',
      label: 'Longitude',
      text: 'Longitude must be a number.',
    });
  });

  it('prefixes the label when the text does not name the field, keeps unknown fields as sent', () => {
    const e = new ApiError(400, 'Bad Request', 'must be >= 1', 'bad_input', 'body/units/0/size');
    expect(plainProblem(e, labels).text).toBe('Troops: must be at least 1.');
    const other = new ApiError(
      400,
      'Bad',
      'body/availableFrom is not a date',
      'x',
      'body/availableFrom',
    );
    expect(plainProblem(other, labels).text).toBe('body/availableFrom is not a date.');
  });

  it('passes other errors through', () => {
    expect(plainProblem(new Error('offline')).text).toBe('offline');
  });
});

describe('problemText: the API’s detailCode in the reader’s language', () => {
  const reader = (locale: 'en' | 'ar') => {
    const messages = catalogue(locale);
    return {
      t: (id: MessageId, values?: Record<string, string | number>) =>
        String(
          // Arabic with Arabic-Indic digits, as the console's default for Arabic has them.
          new IntlMessageFormat(messages[id], locale === 'ar' ? 'ar-u-nu-arab' : 'en').format(
            values ?? {},
          ),
        ),
    };
  };
  const lonLabels = (locale: 'en' | 'ar'): [RegExp, string][] => [
    [/\/homeBase\/lon$/, locale === 'en' ? 'Longitude' : 'خط الطول'],
  ];
  const typeError = new ApiError(
    400,
    'Bad Request',
    'body/units/0/homeBase/lon must be number',
    'invalid_input',
    'body/units/0/homeBase/lon',
    undefined,
    'validation.type',
    { type: 'number' },
  );

  it('names the field by the form’s label, in English and in Arabic', () => {
    expect(problemText(typeError, reader('en'), { labels: lonLabels('en') }).text).toBe(
      'Longitude must be a number.',
    );
    expect(problemText(typeError, reader('ar'), { labels: lonLabels('ar') }).text).toBe(
      'يجب أن يكون «خط الطول» رقمًا.',
    );
  });

  it('fills a refusal’s parameters, members by their names in the reader’s language', () => {
    const e = new ApiError(
      422,
      'Unprocessable Content',
      'QAT has already voted in p-1',
      'already_voted',
      undefined,
      undefined,
      'already_voted',
      { member: 'QAT', procedure: 'p-1' },
    );
    const names = (locale: 'en' | 'ar') => (iso3: string) =>
      iso3 === 'QAT' ? (locale === 'en' ? 'Qatar' : 'قطر') : iso3;
    expect(problemText(e, reader('en'), { stateName: names('en') }).text).toBe(
      'Qatar has already voted in this procedure.',
    );
    expect(problemText(e, reader('ar'), { stateName: names('ar') }).text).toBe(
      'صوّتت قطر في هذا الإجراء من قبل.',
    );
  });

  it('says a limit in the reader’s digits and an empty text as empty', () => {
    const min = new ApiError(
      400,
      'Bad',
      'body/units/0/size must be >= 1',
      'invalid_input',
      'body/units/0/size',
      undefined,
      'validation.minimum',
      { comparison: '>=', limit: 1 },
    );
    expect(problemText(min, reader('en'), { labels }).text).toBe('Troops must be at least 1.');
    expect(problemText(min, reader('ar'), { labels: [[/\/size$/, 'القوات']] }).text).toBe(
      'يجب ألا يقل «القوات» عن ١.',
    );
    const empty = new ApiError(
      400,
      'Bad',
      'body/name must NOT have fewer than 1 characters',
      'invalid_input',
      'body/name',
      undefined,
      'validation.minLength',
      { limit: 1 },
    );
    expect(problemText(empty, reader('en'), { labels: [[/\/name$/, 'Title']] }).text).toBe(
      'Title must not be empty.',
    );
  });

  it('falls back to the English detail for a code the catalogue does not know, or none', () => {
    const unknown = new ApiError(
      422,
      'Unprocessable Content',
      'the moon is full',
      'moon_full',
      undefined,
      undefined,
      'moon_full',
      {},
    );
    expect(problemText(unknown, reader('ar')).text).toBe('The moon is full.');
    const none = new ApiError(
      400,
      'Bad',
      'body/units/0/homeBase/lon must be number',
      'x',
      'body/units/0/homeBase/lon',
    );
    expect(problemText(none, reader('ar'), { labels }).text).toBe('Longitude must be a number.');
  });
});
