import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { describeRule, type RuleSpec } from '../../council/decision-rules.js';
import { catalogue, type MessageId } from '../i18n/messages/index.js';
import type { I18n } from '../i18n/index.js';
import { decisionLabel, ruleText } from './council-rule-text.js';

const translator = (locale: 'en' | 'ar'): I18n['t'] => {
  const messages = catalogue(locale);
  return (id: MessageId, values) =>
    String(new IntlMessageFormat(messages[id], locale).format(values ?? {}));
};

interface CharterFile {
  charters: { id: string; decisions: Record<string, { label: string; rule: RuleSpec }> }[];
}
const decisions = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../data/council/charters.json'), 'utf8'),
  ) as CharterFile
).charters.flatMap((c) => Object.entries(c.decisions).map(([key, d]) => ({ key, ...d })));

describe('decision rules in the reader’s language (the Arabic council view showed English rule text)', () => {
  it('in English, says every charter rule exactly as the server does', () => {
    expect(decisions.length).toBeGreaterThan(20);
    const t = translator('en');
    for (const d of decisions) expect(ruleText(d.rule, t)).toBe(describeRule(d.rule));
  });

  it('in Arabic, writes every charter rule and decision type without English words', () => {
    const t = translator('ar');
    for (const d of decisions) {
      const text = `${decisionLabel(t, d.key, d.label)} — ${ruleText(d.rule, t)}`;
      expect(text, d.key).not.toMatch(/[A-Za-z]/);
      expect(text).toMatch(/[\u0600-\u06FF]/);
    }
    expect(
      ruleText(
        {
          kind: 'qualified-majority',
          threshold: { num: 1, den: 2 },
          strict: true,
          base: 'voting',
          quorum: { num: 2, den: 3 },
          exclude: ['aggressor'],
        },
        t,
      ),
    ).toBe('أكثر من 1/2 من الأصوات المدلى بها، النصاب 2/3؛ لا يُحتسب صوت الطرف المعتدي');
  });

  it('in English, keeps the charter’s own label for a decision type; in Arabic, falls back to it for an unknown type', () => {
    expect(
      decisionLabel(translator('en'), 'measures', 'Measures of the Joint Defence Council'),
    ).toBe('Measures of the Joint Defence Council');
    expect(decisionLabel(translator('ar'), 'measures', 'Measures against aggression')).toBe(
      'تدابير ضد العدوان',
    );
    expect(decisionLabel(translator('ar'), 'novel_type', 'Novel type')).toBe('Novel type');
  });
});
