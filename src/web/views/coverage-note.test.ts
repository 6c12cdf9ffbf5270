import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import type { Coverage } from '../../treaties/model.js';
import type { I18n } from '../i18n/index.js';
import { catalogue, type MessageId } from '../i18n/messages/index.js';
import { coverageNotice } from './coverage-note.js';

const reader = (locale: 'en' | 'ar'): Pick<I18n, 't' | 'date'> => {
  const messages = catalogue(locale);
  return {
    t: (id: MessageId, values) =>
      String(new IntlMessageFormat(messages[id], locale).format(values ?? {})),
    date: (day) => String(day),
  };
};
const coverage = (over: Partial<Coverage>): Coverage => ({
  atopImported: false,
  atopYears: null,
  handCodedFrom: '1945-03-22',
  complete: false,
  projection: false,
  note: 'the API note, in English',
  ...over,
});

describe('the coverage notice in the reader’s language (the Arabic obligations view showed the API’s English note)', () => {
  it('says what is missing in English as the API does, with the import command', () => {
    const en = reader('en');
    expect(coverageNotice(coverage({}), '1939-09-01', en)).toBe(
      'No ATOP data is imported on this node and the hand-coded treaties begin on 1945-03-22: for 1939-09-01 Tahaluf has no alliance data, so an empty answer means "unknown", not "nobody was bound". Import ATOP with `tahaluf atop import DIR`.',
    );
    expect(coverageNotice(coverage({}), '2026-12-04', en)).toContain(
      "Only the hand-coded treaties of the seeds' alliances are loaded",
    );
    expect(
      coverageNotice(
        coverage({ atopImported: true, atopYears: { from: 1815, to: 2018 } }),
        '2026-12-04',
        en,
      ),
    ).toContain('The imported ATOP data ends in 2018');
    expect(
      coverageNotice(
        coverage({
          atopImported: true,
          atopYears: { from: 1815, to: 2018 },
          complete: true,
          projection: true,
        }),
        '2016-01-01',
        en,
      ),
    ).toBe(
      "2016-01-01 is after today: a projection with today's treaties and memberships, assumed unchanged.",
    );
  });

  it('says the same in Arabic, with only the command and the names ATOP/NATO-free of English words', () => {
    const ar = reader('ar');
    for (const [c, day] of [
      [coverage({}), '1939-09-01'],
      [coverage({}), '2026-12-04'],
      [coverage({ atopImported: true, atopYears: { from: 1815, to: 2018 } }), '2026-12-04'],
    ] as const) {
      const text = coverageNotice(c, day, ar) ?? '';
      expect(text).toMatch(/[\u0600-\u06FF]{3}/);
      expect(text.replace('tahaluf atop import DIR', '').replace(/ATOP/g, '')).not.toMatch(
        /[A-Za-z]/,
      );
    }
  });

  it('shows nothing for a complete answer on a day the hand-coded treaties cover', () => {
    expect(
      coverageNotice(
        coverage({ atopImported: true, atopYears: { from: 1815, to: 2018 }, complete: true }),
        '2000-01-01',
        reader('en'),
      ),
    ).toBeNull();
  });
});
