import { parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { AREAS, MESSAGES } from './index.js';
import { argumentsOf } from './arguments.test-support.js';

describe('message catalogue', () => {
  it('has no id in two areas (a later area would silently replace the earlier text)', () => {
    const seen = new Map<string, string>();
    for (const [area, messages] of Object.entries(AREAS))
      for (const id of Object.keys(messages)) {
        expect(seen.get(id), `${id} is in ${seen.get(id)} and ${area}`).toBeUndefined();
        seen.set(id, area);
      }
  });

  it('every message is valid ICU in both languages, with the same arguments, and is not empty', () => {
    const problems: string[] = [];
    for (const [id, m] of Object.entries(MESSAGES)) {
      try {
        const en = argumentsOf(parse(m.en));
        const ar = argumentsOf(parse(m.ar));
        if (!m.en.trim() || !m.ar.trim()) problems.push(`${id}: empty`);
        const a = [...en].sort().join(','),
          b = [...ar].sort().join(',');
        if (a !== b) problems.push(`${id}: en uses {${a}}, ar uses {${b}}`);
      } catch (e) {
        problems.push(`${id}: ${String(e)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the Arabic text is Arabic: every message with letters has Arabic letters', () => {
    const notArabic = Object.entries(MESSAGES)
      .filter(([, m]) => /\p{L}/u.test(m.ar.replace(/\{[^}]*\}|<\/?\w+>/g, '')))
      .filter(([, m]) => !/\p{Script=Arabic}/u.test(m.ar))
      // The language switch names the other language in its own script.
      .map(([id]) => id)
      .filter((id) => id !== 'shell.switchTo');
    expect(notArabic).toEqual([]);
  });
});
