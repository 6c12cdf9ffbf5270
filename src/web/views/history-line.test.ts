import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogue, type MessageId } from '../i18n/messages/index.js';
import { historyLine, type HistoryWords } from './history-line.js';

const NAMES: Record<string, { en: string; ar: string }> = {
  QAT: { en: 'Qatar', ar: 'قطر' },
  SAU: { en: 'Saudi Arabia', ar: 'السعودية' },
};

/** The console's wording with the real catalogue (Arabic with Arabic-Indic digits, its default). */
const words = (locale: 'en' | 'ar'): HistoryWords => {
  const messages = catalogue(locale);
  const tag = locale === 'ar' ? 'ar-u-nu-arab' : 'en';
  return {
    t: (id: MessageId, values?: Record<string, unknown>) =>
      String(new IntlMessageFormat(messages[id], tag).format(values ?? {})),
    num: (n: number) => new Intl.NumberFormat(tag).format(n),
    date: (d: string | Date) =>
      locale === 'en' && typeof d === 'string'
        ? d
        : new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'medium' }).format(
            new Date(`${String(d)}T00:00:00Z`),
          ),
    stateName: (iso3: string) => NAMES[iso3]?.[locale] ?? iso3,
    allianceName: (id: string) => (id === 'gcc' ? (locale === 'ar' ? 'مجلس التعاون' : 'GCC') : id),
    milestoneTitle: (id: string) => (id === 'm1' ? 'Points of contact named' : undefined),
  };
};
const line = (locale: 'en' | 'ar', h: Parameters<typeof historyLine>[1]) =>
  historyLine(words(locale), h);

describe('history lines in the reader’s language', () => {
  it('programme lines in English and Arabic: names from the registry, amounts and dates localised', () => {
    const joined = {
      actor: 'SAU',
      summary: 'SAU joined',
      code: 'programme.joined',
      params: { member: 'SAU' },
    };
    expect(line('en', joined)).toBe('Saudi Arabia: joined');
    expect(line('ar', joined)).toBe('السعودية: الانضمام إلى البرنامج');
    const contribution = {
      actor: 'SAU',
      summary: 'SAU committed 250000 USD (money): seed fund',
      code: 'programme.contribution',
      params: {
        member: 'SAU',
        amount: 250000,
        unit: 'USD',
        kind: 'money',
        description: 'seed fund',
      },
    };
    expect(line('en', contribution)).toBe('Saudi Arabia: committed 250,000 USD (money): seed fund');
    expect(line('ar', contribution)).toBe(
      'السعودية: الالتزام بمساهمة ٢٥٠٬٠٠٠ دولار أمريكي (مال): seed fund',
    );
    const added = {
      actor: 'QAT',
      summary: 'milestone "Gateway trial" due 2027-06-30, owner QAT',
      code: 'programme.milestone.added',
      params: { milestoneId: 'm2', title: 'Gateway trial', due: '2027-06-30', owner: 'QAT' },
    };
    expect(line('en', added)).toBe(
      'Qatar: added milestone “Gateway trial”, due 2027-06-30, owner Qatar',
    );
    expect(line('ar', added)).toMatch(
      /^قطر: إضافة المرحلة «Gateway trial»، موعدها .*٢٠٢٧.*، والمسؤول عنها قطر$/,
    );
    const proposed = {
      actor: 'QAT (illustrative)',
      summary: 'proposed "X" in gcc',
      code: 'programme.proposed',
      params: { title: 'X', alliance: 'gcc' },
    };
    expect(line('en', proposed)).toBe('Qatar (illustrative): proposed “X” in GCC');
    expect(line('ar', proposed)).toBe('قطر (توضيحي): اقتراح «X» في مجلس التعاون');
  });

  it('the secretariat by its label; the council outcome names the member and milestone', () => {
    const admitted = {
      actor: 'SECRETARIAT',
      summary: "council proc-1 approved SAU's join",
      code: 'programme.request.approved',
      params: { procedureId: 'proc-1', member: 'SAU', action: 'join' },
    };
    expect(line('en', admitted)).toBe('Secretariat: the council admitted Saudi Arabia');
    expect(line('ar', admitted)).toBe('الأمانة العامة: قرّر المجلس قبول انضمام السعودية');
    const refusedCompletion = {
      actor: 'SECRETARIAT',
      summary: "council proc-2 did not approve QAT's complete",
      code: 'programme.request.refused',
      params: { procedureId: 'proc-2', member: 'QAT', action: 'complete', milestoneId: 'm1' },
    };
    expect(line('en', refusedCompletion)).toBe(
      'Secretariat: the council did not approve the completion of milestone “Points of contact named” by Qatar',
    );
    expect(line('ar', refusedCompletion)).toBe(
      'الأمانة العامة: لم يوافق المجلس على إنجاز قطر للمرحلة «Points of contact named»',
    );
  });

  it('cyber case lines: severity and status in the reader’s language', () => {
    const declared = {
      actor: 'QAT',
      summary: 'QAT declared a high incident',
      code: 'cyber.declared',
      params: { member: 'QAT', severity: 'high' },
    };
    expect(line('en', declared)).toBe('Qatar: declared an incident of high severity');
    expect(line('ar', declared)).toBe('قطر: إعلان حادث خطورته عالية');
    const status = {
      actor: 'QAT',
      summary: 'status contained',
      code: 'cyber.status',
      params: { status: 'contained' },
    };
    expect(line('ar', status)).toBe('قطر: تغيير الحالة إلى محتواة');
  });

  it('falls back to the English summary: no code (stored before codes), an unknown code, params that do not fit', () => {
    expect(line('ar', { actor: 'SAU', summary: 'SAU joined' })).toBe('السعودية: SAU joined');
    expect(
      line('ar', { actor: 'SAU', summary: 'SAU did X', code: 'programme.future', params: {} }),
    ).toBe('السعودية: SAU did X');
    expect(
      line('ar', {
        actor: 'SAU',
        summary: 'SAU committed 2 crates (food): rations',
        code: 'programme.contribution',
        params: { member: 'SAU', amount: 2, unit: 'crates', kind: 'food', description: 'rations' },
      }),
    ).toBe('السعودية: SAU committed 2 crates (food): rations');
    expect(
      line('en', {
        actor: 'SAU',
        summary: 'SAU left: budget',
        code: 'programme.left.reason',
        params: { member: 'SAU' },
      }),
    ).toBe('Saudi Arabia: SAU left: budget');
  });
});
