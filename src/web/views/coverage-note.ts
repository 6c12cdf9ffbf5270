import { IMPORT_COMMAND, type Coverage } from '../../treaties/model.js';
import type { I18n } from '../i18n/index.js';

/** Why the answer may be incomplete or rests on ATOP alone; null when there is nothing to warn about. */
export function coverageNotice(
  c: Coverage | undefined,
  date: string,
  i18n: Pick<I18n, 't' | 'date'>,
): string | null {
  if (!c) return null;
  if (!c.complete || c.projection) return coverageNote(c, date, i18n);
  if (date < c.handCodedFrom)
    return i18n.t('obligations.atopAlone', { from: i18n.date(c.handCodedFrom) });
  return null;
}

/**
 * What the answer rests on, in the reader's language, from the coverage's facts (the API's `note` says
 * the same in English for machines and the CLI).
 */
function coverageNote(c: Coverage, date: string, i18n: Pick<I18n, 't' | 'date'>): string {
  const { t } = i18n;
  const command = IMPORT_COMMAND;
  const notes: string[] = [];
  if (!c.atopYears)
    notes.push(
      date < c.handCodedFrom
        ? t('obligations.coverage.noData', {
            from: i18n.date(c.handCodedFrom),
            date: i18n.date(date),
            command,
          })
        : t('obligations.coverage.handCodedOnly', { command }),
    );
  else if (Number(date.slice(0, 4)) > c.atopYears.to)
    notes.push(t('obligations.coverage.atopEnds', { to: c.atopYears.to }));
  if (c.projection) notes.push(t('obligations.coverage.projection', { date: i18n.date(date) }));
  return notes.join(' ');
}
