import { describe, expect, it } from 'vitest';
import { LABEL_POLICY, labelText } from '../../intel/labels.js';
import type { Tlp } from '../../intel/stix/marking.js';
import { labelMarking, parseLabel } from './label-text.js';

const label = (releasableTo: string[], tlp: Tlp | null = null) => ({
  policy: LABEL_POLICY,
  classification: 'RESTRICTED' as const,
  releasableTo,
  originator: 'SAU',
  tlp,
});
const short = (id: string) => (id === 'gcc' ? 'GCC' : id === 'gcc-jda' ? 'GCC JDA' : id);

describe('console label display', () => {
  it('reads back every label the node writes (labelText), parts intact', () => {
    const cases: [string[], Tlp | null][] = [
      [['gcc'], null],
      [['gcc', 'PAK'], 'amber'],
      [[], 'red'],
      [['ALL'], null],
      [['gcc-jda', 'QAT', 'KWT'], 'amber+strict'],
    ];
    for (const [rel, tlp] of cases) {
      const parts = parseLabel(labelText(label(rel, tlp)));
      expect(parts).toEqual({
        classification: 'RESTRICTED',
        releasableTo: rel,
        tlp: tlp ? tlp.toUpperCase() : null,
        originator: 'SAU',
      });
    }
    expect(parseLabel('not a label')).toBeNull();
  });

  it('names alliances by their abbreviation, states by their codes: the default label reads REL TO GCC, not gcc', () => {
    const text = labelText(label(['gcc']));
    expect(text).toBe('RESTRICTED REL TO gcc (orig. SAU)');
    expect(labelMarking(parseLabel(text)!, short)).toBe('RESTRICTED REL TO GCC (orig. SAU)');
    const wide = labelText(label(['gcc-jda', 'PAK'], 'amber'));
    expect(labelMarking(parseLabel(wide)!, short)).toBe(
      'RESTRICTED REL TO GCC JDA, PAK // TLP:AMBER (orig. SAU)',
    );
    // A label naming only states is written as the node writes it.
    const states = labelText(label(['KWT', 'QAT']));
    expect(labelMarking(parseLabel(states)!, short)).toBe(states);
  });
});
