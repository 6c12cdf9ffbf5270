import { describe, expect, it } from 'vitest';
import { legendKey, MEMBER_COLOURS, shadeMembers } from './legend.js';

describe('membership map legend', () => {
  it('tags every member shape for counting and marks suspension and role', () => {
    const shaded = shadeMembers([
      { state: 'QAT', role: 'member', suspended: false },
      { state: 'SYR', role: 'member', suspended: true },
      { state: 'RUS', role: 'observer', suspended: false },
      { state: 'USA', role: 'guarantor', suspended: false },
    ]);
    expect(shaded.map((s) => s.data?.member)).toEqual(['1', '1', '1', '1']);
    expect(shaded.map((s) => s.fill)).toEqual([
      MEMBER_COLOURS.member,
      MEMBER_COLOURS.suspended,
      MEMBER_COLOURS.observer,
      MEMBER_COLOURS.guarantor,
    ]);
    expect(shaded.map((s) => !!s.hatch)).toEqual([false, true, false, false]);
    expect(shaded[1].data).toMatchObject({ role: 'member', suspended: '1' });
  });

  it('puts suspension before role', () => {
    expect(legendKey({ state: 'X', role: 'observer', suspended: true })).toBe('suspended');
    expect(legendKey({ state: 'X', role: 'observer', suspended: false })).toBe('observer');
  });
});
